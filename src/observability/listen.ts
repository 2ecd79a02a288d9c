import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts listening; resolves with the port bound (port 0: one the system chose) and a URL to reach it. */
export function listenOn(
  server: http.Server,
  port: number,
  host: string,
): Promise<{ port: number; url: string }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({ port: address.port, url: `http://${shown}:${address.port}` });
    });
  });
}
