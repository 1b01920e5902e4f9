package io.jvtpm.engine.fuzz;

import static io.jvtpm.engine.TpmTestSupport.hex;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.peer.LibTpms;
import io.jvtpm.engine.wire.TpmSu;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the engine fuzzer found, each as the smallest command sequence that shows it, with the
 * response code the TPM 2.0 Library (and libtpms) gives. Before the fix each of these put the
 * engine into failure mode (TPM_RC_FAILURE) and logged a stack trace.
 */
class FuzzRegressionTest {
    private static byte[] eccPrimary() {
        Params p = new Params();
        Templates.sensitive(p, new byte[0], new byte[0]);
        p.sized(t -> Templates.eccStorage(t, new byte[0]));
        p.tpm2b(new byte[0]).u32(0);
        return CommandBuilder.of(TpmCc.CREATE_PRIMARY).handle(TpmRh.OWNER).emptyPassword().bytes(p.toByteArray())
                .build();
    }

    private static int key(InProcessBackend tpm) {
        return TpmWire.u32(TpmTestSupport.ok(tpm, eccPrimary()), 10);
    }

    private static void answers(int expected, InProcessBackend tpm, byte[] command) {
        byte[] r = tpm.execute(0, command);
        assertEquals(expected, rc(r), () -> hex(command) + " -> " + hex(r));
        TpmTestSupport.ok(tpm, TpmCommands.getRandom(8));
    }

    private static final byte[] ABC = {'a', 'b', 'c'};

    private static byte[][] sequenceCommandsOn(int key) {
        return new byte[][] {
            TpmCommands.sequenceUpdate(key, new byte[0], ABC),
            TpmCommands.sequenceComplete(key, new byte[0], ABC, TpmRh.OWNER),
            CommandBuilder.of(TpmCc.EVENT_SEQUENCE_COMPLETE).handle(16).handle(key).emptyPassword()
                    .auth(AuthCommand.emptyPassword()).tpm2b(ABC).build(),
        };
    }

    /** Part 3, 17.4-17.6: the sequence commands on a key are TPM_RC_MODE, not a null sequence. */
    @Test
    void sequenceCommandsOnAKeyAreModeErrors() {
        try (InProcessBackend tpm = TpmTestSupport.started(1)) {
            byte[][] c = sequenceCommandsOn(key(tpm));
            answers(TpmRc.MODE.param(1), tpm, c[0]);
            answers(TpmRc.MODE.handle(1), tpm, c[1]);
            answers(TpmRc.MODE.handle(2), tpm, c[2]);
        }
    }

    @Test
    @Tag("peer")
    void sequenceCommandsOnAKeyAnswerAsLibtpms() {
        LibTpms.require();
        try (LibTpms lib = LibTpms.start(); InProcessBackend tpm = TpmTestSupport.started(1)) {
            lib.process(TpmCommands.startup(TpmSu.CLEAR));
            int ours = key(tpm);
            int theirs = TpmWire.u32(lib.process(eccPrimary()), 10);
            byte[][] mine = sequenceCommandsOn(ours);
            byte[][] libs = sequenceCommandsOn(theirs);
            for (int i = 0; i < mine.length; i++) {
                assertEquals(rc(lib.process(libs[i])), rc(tpm.execute(0, mine[i])), "command " + i);
            }
        }
    }
}
