package io.jvtpm.engine.nv;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import java.nio.file.Path;

/**
 * Child process for {@link CrashTest}: changes permanent and saved state in a loop until it is
 * killed. Prints "ready" once the first state change is on disk.
 */
public final class StateChurn {
    private StateChurn() {
    }

    public static void main(String[] args) {
        try (InProcessBackend t = InProcessBackend.open(Path.of(args[0]))) {
            t.init();
            t.execute(0, TpmTestSupport.cmd("8001 00000000 00000144 0000"));
            boolean announced = false;
            for (int i = 0; ; i++) {
                // owner auth alternates between two values; each change rewrites permanent.state
                String from = i % 2 == 0 ? "0000" : "0001 61";
                String size = i % 2 == 0 ? "00000009" : "0000000a";
                String to = i % 2 == 0 ? "0001 61" : "0000";
                t.execute(0, TpmTestSupport.cmd("8002 00000000 00000129 40000001 " + size
                        + " 40000009 0000 00 " + from + " " + to));
                if (i % 7 == 0) {
                    t.execute(0, TpmTestSupport.cmd("8001 00000000 00000145 0001"));
                    t.init();
                    t.execute(0, TpmTestSupport.cmd("8001 00000000 00000144 0001"));
                }
                if (!announced) {
                    System.out.println("ready");
                    System.out.flush();
                    announced = true;
                }
            }
        }
    }
}
