package io.jvtpm.engine.nv;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.nio.file.Path;

/**
 * Child process for {@link CrashTest}: changes permanent and saved state in a loop until it is
 * killed. Prints "ready" once the first state change is on disk.
 */
public final class StateChurn {
    private static final byte[] NONE = new byte[0];
    private static final byte[] A = {'a'};

    private StateChurn() {
    }

    public static void main(String[] args) {
        try (InProcessBackend t = InProcessBackend.open(Path.of(args[0]))) {
            t.init();
            t.execute(0, TpmCommands.startup(TpmSu.CLEAR));
            boolean announced = false;
            for (int i = 0; ; i++) {
                // owner auth alternates between two values; each change rewrites permanent.state
                byte[] from = i % 2 == 0 ? NONE : A;
                byte[] to = i % 2 == 0 ? A : NONE;
                t.execute(0, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, from, to));
                if (i % 7 == 0) {
                    t.execute(0, TpmCommands.shutdown(TpmSu.STATE));
                    t.init();
                    t.execute(0, TpmCommands.startup(TpmSu.STATE));
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
