import http from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDbService, RawResponse } from './dynamodb-service.ts';

export interface DynamoDbProxy {
  port: number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/** The embedded store's DynamoDB endpoint on 127.0.0.1, for any DynamoDB client. */
export async function startDynamoDbProxy(service: DynamoDbService, port = 0): Promise<DynamoDbProxy> {
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    send(response, await service.handle({ headers: request.headers, body }));
  };

  // Tracked so close() lets a transaction finish (or roll back) before dynalite goes away.
  const inFlight = new Set<Promise<void>>();
  const server = http.createServer((request, response) => {
    const handled = handle(request, response).catch(() => {
      response.destroy();
    });
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}

const send = (response: ServerResponse, { status, headers, body }: RawResponse): void => {
  const outgoing: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) outgoing[name] = value;
  }
  outgoing['content-length'] = body.length;
  response.writeHead(status, outgoing);
  response.end(body);
};

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
