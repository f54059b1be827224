import { useState } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import { when } from '../time.ts';
import { ProblemMessage, useAsync } from '../ui.tsx';

/** The in-app notifications of whoever is signed in, newest first. */
export const NotificationsScreen = () => {
  const { api } = useApp();
  const page = useAsync(() => api.notifications(), []);
  const [error, setError] = useState<unknown>();
  const items = page.data?.items ?? [];
  const unread = items.filter((item) => !item.readAt).length;
  const read = async (id: string) => {
    setError(undefined);
    try {
      await api.markRead(id);
      page.reload();
    } catch (problem) {
      setError(problem);
    }
  };
  return (
    <section>
      <h1>
        Notifications <span class="count" aria-label={`${unread} unread`}>{unread}</span>
      </h1>
      <ProblemMessage error={page.error ?? error} />
      {page.data && items.length === 0 && <p>No notifications. In-app notifications arrive here when the organisation sends them in the app.</p>}
      <ul class="notifications">
        {items.map((item) => (
          <li key={item.id} class={item.readAt ? 'read' : 'unread'}>
            <h2>{item.subject}</h2>
            <p class="hint">{when(item.createdAt)}{item.readAt ? ' · read' : ' · unread'}</p>
            <pre class="body">{item.text}</pre>
            {!item.readAt && (
              <button type="button" onClick={() => void read(item.id)}>
                Mark as read
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
};
