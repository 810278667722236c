import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { sessions } from "../api/client";
import type { LiveEvent } from "../api/types";
import { useAuth } from "../auth/AuthProvider";
import { debounce } from "./backoff";
import { LiveEventStream, STREAM_PATH, type StreamState } from "./eventStream";

const LiveContext = createContext<LiveEventStream | null>(null);

/** One event stream for the signed-in tab, opened on sign-in and closed on sign-out. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const signedIn = session !== null;
  const [stream] = useState(
    () =>
      new LiveEventStream({
        // The session cookie goes with the stream's request: no token in the URL.
        url: async () => ((await sessions.ensureFresh()) ? STREAM_PATH : null),
        // The server ended the stream because the session ended (or changed): sign out, or carry on refreshed.
        onSessionEnded: () => {
          sessions.verify().catch(() => {
            // Offline: the reconnect's back-off tries again.
          });
        },
      }),
  );

  useEffect(() => {
    if (!signedIn || typeof EventSource === "undefined") return;
    stream.start();
    const online = () => stream.reconnectNow();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      stream.stop();
    };
  }, [signedIn, stream]);

  return <LiveContext.Provider value={stream}>{children}</LiveContext.Provider>;
}

export function useLiveState(): StreamState {
  const stream = useContext(LiveContext);
  const [state, setState] = useState<StreamState>(stream?.state ?? "idle");
  useEffect(() => {
    if (!stream) return;
    setState(stream.state);
    return stream.onStateChange(setState);
  }, [stream]);
  return state;
}

/**
 * Calls `refresh` ~300 ms after the last of a burst of pushed events (those `accept` lets through), so a screen
 * re-fetches once rather than once per event.
 */
export function useLiveRefresh(refresh: () => void, accept?: (event: LiveEvent) => boolean, waitMs = 300): void {
  const stream = useContext(LiveContext);
  const latest = useRef({ refresh, accept });
  latest.current = { refresh, accept };

  useEffect(() => {
    if (!stream) return;
    const run = debounce(() => latest.current.refresh(), waitMs);
    const unsubscribe = stream.subscribe((event) => {
      if (!latest.current.accept || latest.current.accept(event)) run();
    });
    return () => {
      unsubscribe();
      run.cancel();
    };
  }, [stream, waitMs]);
}
