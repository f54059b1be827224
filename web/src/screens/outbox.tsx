import { notificationLabels } from '#domain/notifications/index.ts';
import { notificationChannelLabels as channelNames, type NotificationType } from '#domain/notification-types.ts';
import { useApp } from '../app-context.ts';
import { when } from '../time.ts';
import { download, ProblemMessage, useAsync } from '../ui.tsx';

/** A message sent before a type was renamed or removed still shows, by its id. */
const labelOf = (type: string): string => (Object.hasOwn(notificationLabels, type) ? notificationLabels[type as NotificationType] : type);

/** Local mode only: what the channels would have sent, newest first, and what could not be delivered. */
export const OutboxScreen = () => {
  const { api } = useApp();
  const outbox = useAsync(() => api.outbox(), []);
  const messages = outbox.data?.messages ?? [];
  return (
    <section>
      <div class="title-row">
        <h1>Outbox</h1>
        <button type="button" onClick={outbox.reload} disabled={outbox.loading}>
          Refresh
        </button>
      </div>
      <p class="hint">Local mode sends nothing: every email, SMS and in-app notification lands here.</p>
      <ProblemMessage error={outbox.error} />
      {outbox.loading && !outbox.data && <p class="hint">Waiting for every change to be delivered…</p>}
      {outbox.data && messages.length === 0 && <p>Nothing sent yet.</p>}
      <ol class="outbox">
        {messages.map((message) => (
          <li key={message.id} class={`message message-${message.channel}`}>
            <article aria-label={`${channelNames[message.channel]} to ${message.to ?? message.recipientUserId ?? ''}`}>
              <header>
                <span class="channel">{channelNames[message.channel]}</span> <span class="type">{labelOf(message.notificationType)}</span>
                <span class="to">to {message.to ?? message.recipientUserId}</span>
                <time dateTime={message.sentAt}>{when(message.sentAt)}</time>
              </header>
              {message.subject && <h2 class="subject">{message.subject}</h2>}
              {message.channel === 'email' ? (
                <details>
                  <summary>The message</summary>
                  <pre class="body">{message.text}</pre>
                </details>
              ) : (
                <pre class="body">{message.text}</pre>
              )}
              {message.ics && (
                <button type="button" onClick={() => download(`${message.notificationType}-${message.meetingId}.ics`, 'text/calendar', message.ics!)}>
                  Download invitation (.ics)
                </button>
              )}
            </article>
          </li>
        ))}
      </ol>
      <h2>Dead letters</h2>
      {(outbox.data?.deadLetters ?? []).length === 0 ? (
        <p class="hint">None: everything was delivered.</p>
      ) : (
        <ul>
          {outbox.data!.deadLetters.map((letter, index) => (
            <li key={index}>
              <pre class="body">{JSON.stringify(letter, null, 2)}</pre>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};
