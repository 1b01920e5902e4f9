package io.jvtpm.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.ptp.TpmInterfaceDevice;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmSu;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A random guest storm against a PTP device (TCG PC Client Platform TPM Profile, TIS FIFO or CRB)
 * whose backend stalls ({@link StallingTpm}), with the checks each device's test makes: no access
 * waits on the stalled command, the host heap stays flat, no more than one task of the device ever
 * waits for its executor, the guest's abandons and cancels reach the backend, and once the TPM
 * answers again the executor empties with one command in the TPM at a time.
 */
public final class StalledBackendStorm {
    private static final Logger LOG = LoggerFactory.getLogger(StalledBackendStorm.class);

    /** Guest accesses in a run: a million unless the system property says otherwise. */
    public static final long ACCESSES = Long.getLong("jvtpm.stalled.accesses", 1_000_000L);
    /** An access this slow is a vCPU waiting on the TPM, not a slow machine. */
    private static final long HANG_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Heap growth that would mean the device keeps something per guest request. */
    private static final long HEAP_BOUND = 8L << 20;
    private static final int CHECKPOINTS = 10;

    private StalledBackendStorm() {
    }

    /**
     * Lets {@code guest} (seeded with {@code seed}) storm {@code device}, whose backend {@code tpm}
     * stalls as {@code onCancel} says and whose slow commands go to {@code commands}; checks the
     * run, then unstalls the backend and waits for the executor to empty. {@code name} labels the
     * log line.
     */
    public static GuestStorm.Report run(String name, TpmInterfaceDevice device, StallingTpm tpm,
                                        StallingTpm.OnCancel onCancel, WatchedExecutor commands, long seed,
                                        GuestStorm.RegisterGuest guest) throws InterruptedException {
        GuestStorm.Report report = GuestStorm.run(device, seed, ACCESSES, CHECKPOINTS, HANG_NANOS, guest);
        LOG.info("{}, backend stalled ({}): {}; {} command sequences, {} reached the TPM, {} cancels, {} executor tasks",
                name, onCancel, report, guest.sequences(), tpm.commands(), tpm.cancels(), commands.tasks());

        assertTrue(report.maxNanos() < HANG_NANOS, "an access waited: " + report);
        assertTrue(report.heapGrowth() < HEAP_BOUND, "the heap grew: " + report);
        assertTrue(guest.sequences() > 10_000, "command sequences: " + guest.sequences());
        if (onCancel == StallingTpm.OnCancel.KEEP_STALLING) {
            assertEquals(1, tpm.commands(), "only the stalled command is in the TPM");
        } else {
            assertTrue(tpm.commands() > 100, "cancelled commands made way for others: " + tpm.commands());
        }
        assertTrue(tpm.cancels() > 0, "the guest's abandons and cancels reached the backend");
        // one task drains the device's commands; a new one waits only while the last finishes
        assertTrue(commands.maxQueued() <= 1, "tasks waiting for the executor: " + commands.maxQueued());

        tpm.unstall();
        assertTrue(commands.awaitIdle(TimeUnit.SECONDS.toMillis(10)), "the executor never emptied");
        assertEquals(1, tpm.maxExecuting(), "one command in the TPM at a time");
        return report;
    }

    /** A well-behaved driver ({@code transact}: a command in, its response out) is served: Startup, GetRandom. */
    public static void assertServed(UnaryOperator<byte[]> transact) {
        assertEquals(TpmRc.SUCCESS.value(), TpmResponse.parse(transact.apply(TpmCommands.startup(TpmSu.CLEAR))).rc());
        TpmResponse random = TpmResponse.parse(transact.apply(TpmCommands.getRandom(16)));
        assertEquals(TpmRc.SUCCESS.value(), random.rc());
        assertEquals(16, random.randomBytes().length);
    }
}
