import { createHmac, randomUUID } from 'node:crypto';

/** The delimiter between ZeroMQ routing identities and a Jupyter message (wire protocol 5.3). */
const DELIMITER = '<IDS|MSG>';

/** A Jupyter message header. */
export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** A decoded Jupyter message (the parts after the signature). */
export interface JupyterMessage<Content = Record<string, unknown>> {
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Content;
}

/**
 * Signs and encodes messages of one client session, and decodes and verifies the kernel's replies
 * (HMAC-SHA256 over header, parent header, metadata and content, as the connection file's key says).
 */
export class WireCodec {
  /** The session id every request carries. */
  readonly session = randomUUID();

  /** @param key the connection file's `key` (an empty key means unsigned messages). */
  constructor(private readonly key: string) {}

  /**
   * A new request message.
   * @param msgType e.g. `execute_request`
   * @param content the request's content
   */
  request<C extends object>(msgType: string, content: C): JupyterMessage<C> {
    return {
      header: {
        msg_id: randomUUID(),
        msg_type: msgType,
        session: this.session,
        username: 'fupan',
        date: new Date().toISOString(),
        version: '5.3',
      },
      parent_header: {},
      metadata: {},
      content,
    };
  }

  /** The frames to send on a DEALER socket: delimiter, signature, then the four JSON parts. */
  encode(message: JupyterMessage<object>): string[] {
    const parts = [
      JSON.stringify(message.header),
      JSON.stringify(message.parent_header),
      JSON.stringify(message.metadata),
      JSON.stringify(message.content),
    ];
    return [DELIMITER, this.sign(parts), ...parts];
  }

  /**
   * Decodes frames received from the kernel (any routing prefix is skipped).
   * @returns the message, or undefined when it has no delimiter or a wrong signature (such frames are dropped,
   *   as the Jupyter protocol asks).
   */
  decode(frames: Buffer[]): JupyterMessage | undefined {
    const at = frames.findIndex((f) => f.toString() === DELIMITER);
    if (at < 0 || frames.length < at + 6) return undefined;
    const signature = frames[at + 1].toString();
    const parts = frames.slice(at + 2, at + 6).map((f) => f.toString());
    if (this.key && signature !== this.sign(parts)) return undefined;
    const [header, parent, metadata, content] = parts.map((p) => JSON.parse(p) as unknown);
    return {
      header: header as MessageHeader,
      parent_header: parent as Partial<MessageHeader>,
      metadata: metadata as Record<string, unknown>,
      content: content as Record<string, unknown>,
    };
  }

  private sign(parts: string[]): string {
    if (!this.key) return '';
    const hmac = createHmac('sha256', this.key);
    for (const p of parts) hmac.update(p);
    return hmac.digest('hex');
  }
}
