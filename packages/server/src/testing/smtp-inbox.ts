import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that records what it receives, and can be told to refuse or hang up. */
export class Inbox {
  /** Each message as it arrived, with the user who signed in to send it (null when no one did). */
  readonly received: { from: string; to: string[]; user: string | null; data: string }[] = [];
  /** What the next messages meet: accepted, a 4xx, a 5xx, or a dropped connection. */
  mode: 'accept' | 'busy' | 'refuse' | 'drop' = 'accept';
  private readonly server: SMTPServer;
  port = 0;

  /** `authOptional`: a sender may also send without signing in (a Pond without POND_SECRET_KEY keeps no password). */
  constructor(readonly user = 'pond', readonly pass = 'smtp-secret-phrase', options: { authOptional?: boolean } = {}) {
    this.server = new SMTPServer({
      authOptional: options.authOptional ?? false,
      // A pooled sender keeps its connection open: closing waits this long for it instead of the default 30 s.
      closeTimeout: 200,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, done) => (auth.username === this.user && auth.password === this.pass ? done(null, { user: auth.username }) : done(new Error('Invalid username or password'))),
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.mode === 'busy') return done(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          if (this.mode === 'refuse') return done(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
          this.received.push({ from: String(session.envelope.mailFrom && session.envelope.mailFrom.address), to: session.envelope.rcptTo.map((r) => r.address), user: typeof session.user === 'string' ? session.user : null, data: Buffer.concat(chunks).toString() });
          done();
        });
      },
      onConnect: (session, done) => {
        // 421: the server closes the connection before the conversation starts.
        if (this.mode === 'drop') return done(Object.assign(new Error('Service not available, closing the connection'), { responseCode: 421 }));
        done();
      },
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
