import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that records what it receives, and can be told to refuse or hang up. */
export class Inbox {
  /** Each message as it arrived, with the user who signed in to send it (null when no one did). */
  readonly received: { from: string; to: string[]; user: string | null; data: string }[] = [];
  /** What the next messages meet: accepted, a 4xx, a 5xx, or a dropped connection. */
  mode: 'accept' | 'busy' | 'refuse' | 'drop' = 'accept';
  /**
   * Faults for one recipient, taken one per message in order (then accepted): '421' (the server closes the
   * conversation), '451' (try again later), '550' (no such mailbox), 'cut' (the connection dropped mid-DATA).
   */
  readonly faults = new Map<string, ('421' | '451' | '550' | 'cut')[]>();
  /** How long the server waits, after a message has arrived, before it answers the DATA (a slow relay). */
  answerDelayMs = 0;
  private readonly sockets = new Map<number, Socket>();
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
        const fault = session.envelope.rcptTo.map((r) => this.faults.get(r.address)?.shift()).find(Boolean);
        if (fault === 'cut') {
          // Part of the message arrives, then the line goes dead: no reply to DATA ever comes.
          stream.once('data', () => this.sockets.get(session.remotePort)?.destroy());
          stream.on('data', () => undefined);
          return;
        }
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (fault === '421') return done(Object.assign(new Error('Service shutting down, closing the connection'), { responseCode: 421 }));
          if (fault === '451') return done(Object.assign(new Error('Requested action aborted: try again later'), { responseCode: 451 }));
          if (fault === '550') return done(Object.assign(new Error('5.1.1 Mailbox unavailable: no such user'), { responseCode: 550 }));
          if (this.mode === 'busy') return done(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          if (this.mode === 'refuse') return done(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
          this.received.push({ from: String(session.envelope.mailFrom && session.envelope.mailFrom.address), to: session.envelope.rcptTo.map((r) => r.address), user: typeof session.user === 'string' ? session.user : null, data: Buffer.concat(chunks).toString() });
          if (this.answerDelayMs > 0) setTimeout(() => done(), this.answerDelayMs);
          else done();
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
    // A sender killed mid-conversation resets its connection: the server reports it, and nothing more is to be done.
    this.server.on('error', () => undefined);
    this.server.server.on('connection', (socket: Socket) => {
      if (socket.remotePort) this.sockets.set(socket.remotePort, socket);
      socket.on('close', () => socket.remotePort && this.sockets.delete(socket.remotePort));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
