import { createSocket, type Socket } from 'node:dgram';

/**
 * A tiny authoritative DNS server over UDP on 127.0.0.1 answering TXT queries from a
 * table the test fills (RFC 1035 wire format, just enough for node:dns resolveTxt).
 * Hostname verification asks it through DNS_SERVERS=127.0.0.1:<port>.
 */
export interface FakeDns {
  /** `host:port`, for DNS_SERVERS. */
  server: string;
  publishTxt(name: string, value: string): void;
  close(): Promise<void>;
}

function questionEnd(message: Buffer): { name: string; end: number } {
  const labels: string[] = [];
  let offset = 12;
  while (offset < message.length && message[offset] !== 0) {
    const length = message[offset]!;
    labels.push(message.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += length + 1;
  }
  return { name: labels.join('.').toLowerCase(), end: offset + 1 + 4 }; // zero byte, QTYPE, QCLASS
}

function answer(query: Buffer, records: string[]): Buffer {
  const { end } = questionEnd(query);
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  header.writeUInt16BE(records.length > 0 ? 0x8580 : 0x8583, 2); // response, authoritative, RD+RA; NXDOMAIN when empty
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  const answers = records.map((value) => {
    const text = Buffer.from(value, 'utf8');
    const rdata = Buffer.concat([Buffer.from([text.length]), text]);
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // pointer to the question name
    fixed.writeUInt16BE(16, 2); // TXT
    fixed.writeUInt16BE(1, 4); // IN
    fixed.writeUInt32BE(60, 6);
    fixed.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([fixed, rdata]);
  });
  return Buffer.concat([header, query.subarray(12, end), ...answers]);
}

export async function startFakeDns(): Promise<FakeDns> {
  const records = new Map<string, string[]>();
  const socket: Socket = createSocket('udp4');
  socket.on('message', (message, remote) => {
    if (message.length < 12) return;
    const { name } = questionEnd(message);
    socket.send(answer(message, records.get(name) ?? []), remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    publishTxt: (name, value) => records.set(name.toLowerCase(), [...(records.get(name.toLowerCase()) ?? []), value]),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
