//! A minimal LSP client over a child process's stdio, for the test that drives the real server the
//! way the extension does. Answers the server's requests with `onRequest`.

import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

type Message = { id?: number | string; method?: string; params?: any; result?: any; error?: any };

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiting = new Map<number, (m: Message) => void>();
  private readonly notifications: Message[] = [];
  private readonly watchers: (() => void)[] = [];
  stderr = '';

  constructor(command: string, args: string[], private readonly onRequest: (method: string, params: any) => unknown) {
    this.child = spawn(command, args, { stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message: Message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.dispatch(message);
    }
  }

  private dispatch(m: Message): void {
    if (m.method !== undefined && m.id !== undefined) {
      this.send({ id: m.id, result: this.onRequest(m.method, m.params) ?? null });
    } else if (m.method !== undefined) {
      this.notifications.push(m);
      for (const w of this.watchers.splice(0)) w();
    } else if (typeof m.id === 'number') {
      this.waiting.get(m.id)?.(m);
      this.waiting.delete(m.id);
    }
  }

  /** Sends a request; its answer, or an error after `timeoutMs`. */
  request(method: string, params: unknown, timeoutMs = 30000): Promise<any> {
    const id = this.nextId++;
    this.send({ id, method, params });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer in ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(id, (m) => {
        clearTimeout(timer);
        if (m.error) reject(new Error(`${method}: ${JSON.stringify(m.error)}`));
        else resolve(m.result);
      });
    });
  }

  /** Kills the server if it is still running (after a failed test). */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** The first notification `method` (received or to come) whose params satisfy `pred`. */
  async notification(method: string, pred: (params: any) => boolean, timeoutMs = 30000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.notifications.findIndex((n) => n.method === method && pred(n.params));
      if (i >= 0) return this.notifications.splice(i, 1)[0].params;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${method} as expected within ${timeoutMs} ms; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.watchers.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.request('shutdown', null);
    this.notify('exit', null);
    await exited;
  }
}
