// A self-signed certificate made on start, so the emulator can serve HTTPS (the official SDK
// refuses to send a token over http). Its PEM is handed to tests as the server's `ca`.
import { optionalPeer } from './optional-peer.ts';

const selfsigned = optionalPeer('selfsigned', 'to serve HTTPS', () => import('selfsigned'));

export async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const { generate } = await selfsigned();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
