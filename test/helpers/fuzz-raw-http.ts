import net from 'node:net';

export interface RawExchangeOptions {
  /** Pause between chunks (slow clients). */
  gapMs?: number;
  /** Half-close the socket after the last chunk (the client sends nothing more). */
  end?: boolean;
  /** Give up waiting for the server after this long. */
  waitMs?: number;
}

/**
 * Writes raw bytes to a loopback HTTP server and collects the status codes of every answer until the
 * server closes the connection or `waitMs` passes (then the socket is destroyed). `closed` tells which.
 */
export function rawExchange(
  port: number,
  chunks: (Buffer | string)[],
  options: RawExchangeOptions = {},
): Promise<{ statuses: number[]; closed: boolean; text: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const statuses = [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));
      resolve({ statuses, closed, text });
    };
    const timer = setTimeout(() => finish(false), options.waitMs ?? 3_000);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      void (async () => {
        for (const chunk of chunks) {
          if (socket.destroyed) return;
          socket.write(chunk);
          if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
        }
        if (options.end && !socket.destroyed) socket.end();
      })();
    });
  });
}

/**
 * A request head with CRLFs and a Host header (HTTP/1.1 requires one); `headers` are written exactly as
 * given (duplicates, odd casing, lies).
 */
export function requestHead(method: string, path: string, headers: [string, string][]): string {
  const all: [string, string][] = [['host', '127.0.0.1'], ...headers];
  return `${method} ${path} HTTP/1.1\r\n${all.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}
