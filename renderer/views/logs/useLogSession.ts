/**
 * The log session in main for a source and its read options: one `logs`
 * stream each, closed (ending the engine reads) when either changes or the
 * view goes. Everything learnt from a stream is tagged with its key, so a new
 * stream starts from nothing without an effect resetting state.
 */
import { useEffect, useState } from 'react';
import type { LogOpenOptions, LogSource } from '#shared/logs';
import { useClient } from '../../hooks/useClient';
import { errorText } from '../../format/errors';
import type { LogInfo } from './logStatus';

export interface LogSession {
  /** Names the source and options: what was learnt under another key is of another stream. */
  key: string;
  /** The session to name in requests, once main has opened it. */
  session: string | null;
  info: LogInfo | null;
  /** Why the stream broke. */
  error: string | null;
}

const fresh = (key: string): LogSession => ({ key, session: null, info: null, error: null });

export function useLogSession(source: LogSource, options: LogOpenOptions): LogSession {
  const client = useClient();
  const key = JSON.stringify([source, options]);
  const [stream, setStream] = useState<LogSession>(() => fresh(''));

  useEffect(() => {
    const [source, options] = JSON.parse(key) as [LogSource, LogOpenOptions];
    const update = (change: Partial<LogSession>): void => setStream((previous) => ({ ...(previous.key === key ? previous : fresh(key)), ...change }));
    return client.listen(
      'logs',
      { source, options },
      {
        onData: (message) => {
          if (message.type === 'open') update({ session: message.session });
          else update({ info: message });
        },
        onEnd: (error) => {
          if (error) update({ error: errorText(error) });
        },
      },
    );
  }, [client, key]);

  return stream.key === key ? stream : fresh(key);
}
