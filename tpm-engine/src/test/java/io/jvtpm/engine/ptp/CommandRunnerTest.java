package io.jvtpm.engine.ptp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.ptp.CommandRunner.Command;
import io.jvtpm.engine.ptp.CommandRunner.Outcome;
import io.jvtpm.engine.testing.StallingTpm;
import io.jvtpm.engine.testing.WatchedExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The PTP command runner: quick path, one command at a time, cancel, dropped responses, failures. */
class CommandRunnerTest {
    private final Object lock = new Object();
    private final GatedBackend tpm = new GatedBackend();
    private final BlockingQueue<Delivered> delivered = new LinkedBlockingQueue<>();
    private final AtomicInteger offloaded = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private int limit = 4096;

    private record Delivered(Command command, Outcome outcome, boolean lockHeld) {
    }

    private final Executor counting = r -> {
        offloaded.incrementAndGet();
        Thread t = new Thread(r, "test-command");
        threads.add(t);
        t.start();
    };

    private CommandRunner runner(Executor executor) {
        return new CommandRunner(tpm, lock, executor, "test-own-command", () -> limit,
                (c, o) -> delivered.add(new Delivered(c, o, Thread.holdsLock(lock))));
    }

    private Command start(CommandRunner runner, int locality, int code) {
        Command c;
        synchronized (lock) {
            c = runner.startLocked(locality, GatedBackend.command(code));
        }
        runner.run(c);
        return c;
    }

    private boolean busy(CommandRunner runner) {
        synchronized (lock) {
            return runner.busyLocked();
        }
    }

    private boolean abandon(CommandRunner runner) {
        synchronized (lock) {
            return runner.abandonLocked();
        }
    }

    private boolean cancel(CommandRunner runner) {
        synchronized (lock) {
            return runner.cancelLocked();
        }
    }

    private Delivered next() throws InterruptedException {
        Delivered d = delivered.poll(10, TimeUnit.SECONDS);
        assertTrue(d != null, "a completion arrives");
        assertTrue(d.lockHeld(), "completions come with the device's lock held");
        return d;
    }

    private static int rc(Outcome o) {
        return GatedBackend.code(assertInstanceOf(CommandRunner.Response.class, o).bytes());
    }

    @AfterEach
    void joinThreads() throws InterruptedException {
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    @Test
    void aQuickCommandRunsOnTheStartingThreadBeforeRunReturns() throws Exception {
        try (CommandRunner runner = runner(counting)) {
            Command c = start(runner, 2, GatedBackend.QUICK);
            assertEquals(1, delivered.size(), "done when run returns");
            Delivered d = next();
            assertSame(c, d.command());
            assertEquals(2, c.locality());
            assertEquals(GatedBackend.QUICK, rc(d.outcome()));
            assertSame(Thread.currentThread(), tpm.lastThread);
            assertEquals(0, offloaded.get(), "a quick command never reaches the executor");
            assertFalse(busy(runner));
        }
    }

    @Test
    void aSlowCommandGoesToTheExecutorAndRunReturnsAtOnce() throws Exception {
        try (CommandRunner runner = runner(counting)) {
            start(runner, 0, GatedBackend.SLOW);
            assertTrue(tpm.entered.await(10, TimeUnit.SECONDS));
            assertEquals(1, offloaded.get());
            assertTrue(delivered.isEmpty(), "run returned while the command is held");
            assertTrue(busy(runner));
            tpm.release();
            assertEquals(GatedBackend.SLOW, rc(next().outcome()));
            assertFalse(busy(runner));
        }
    }

    @Test
    void cancelReachesTheBackendAndTheResponseStillArrives() throws Exception {
        try (CommandRunner runner = runner(counting)) {
            start(runner, 0, GatedBackend.SLOW);
            assertTrue(tpm.entered.await(10, TimeUnit.SECONDS));
            assertTrue(cancel(runner));
            runner.cancelBackend();
            assertEquals(GatedBackend.RC_CANCELED, rc(next().outcome()));
            assertEquals(1, tpm.cancels.get());
            assertFalse(cancel(runner), "nothing left to cancel");
        }
    }

    @Test
    void anAbandonedCommandIsCancelledAndItsResponseDropped() throws Exception {
        try (CommandRunner runner = runner(counting)) {
            Command c = start(runner, 0, GatedBackend.SLOW);
            assertTrue(tpm.entered.await(10, TimeUnit.SECONDS));
            assertTrue(abandon(runner));
            assertFalse(abandon(runner), "abandoned once");
            assertFalse(cancel(runner), "an abandoned command is not the guest's to cancel");
            runner.cancelBackend();
            Delivered d = next();
            assertSame(c, d.command());
            assertInstanceOf(CommandRunner.Dropped.class, d.outcome());
        }
    }

    @Test
    void aCommandAbandonedBeforeItRunsNeverReachesTheBackend() throws Exception {
        try (CommandRunner runner = runner(counting)) {
            Command c;
            synchronized (lock) {
                c = runner.startLocked(0, GatedBackend.command(GatedBackend.QUICK));
                runner.abandonLocked();
            }
            runner.run(c);
            assertInstanceOf(CommandRunner.Dropped.class, next().outcome());
            assertEquals(0, tpm.executed.get());
        }
    }

    @Test
    void aCommandStartedWhileAnAbandonedOneRunsWaitsForIt() throws Exception {
        try (CommandRunner runner = runner(counting)) {
            Command first = start(runner, 0, GatedBackend.SLOW);
            assertTrue(tpm.entered.await(10, TimeUnit.SECONDS));
            abandon(runner);   // no cancel sent: the backend holds the command on
            Command replaced = start(runner, 3, GatedBackend.QUICK);
            Command second = start(runner, 3, GatedBackend.QUICK);
            Delivered d = next();
            assertSame(replaced, d.command(), "a waiting command replaced by a newer one is dropped");
            assertInstanceOf(CommandRunner.Dropped.class, d.outcome());
            assertEquals(1, tpm.executed.get(), "the quick command did not run beside the held one");
            tpm.release();
            d = next();
            assertSame(first, d.command());
            assertInstanceOf(CommandRunner.Dropped.class, d.outcome());
            d = next();
            assertSame(second, d.command());
            assertEquals(GatedBackend.QUICK, rc(d.outcome()));
            assertEquals(1, tpm.mostInside.get(), "never two commands in the backend");
            assertEquals(2, tpm.executed.get());
        }
    }

    @Test
    void aQuickCommandThatOutlivesItsLocalityHandsTheNextOneToTheExecutor() throws Exception {
        // a quick command started by one vCPU is abandoned by another while it runs; the command
        // the new locality starts meanwhile waits for it, then runs on the executor
        CountDownLatch inQuick = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        GatedBackend slowQuick = new GatedBackend() {
            @Override
            public byte[] execute(int locality, byte[] command) {
                if (code(command) == QUICK && locality == 0) {
                    inQuick.countDown();
                    try {
                        goOn.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.execute(locality, command);
            }
        };
        try (CommandRunner runner = new CommandRunner(slowQuick, lock, counting, "t", () -> limit,
                (c, o) -> delivered.add(new Delivered(c, o, Thread.holdsLock(lock))))) {
            Thread vcpu0 = new Thread(() -> start(runner, 0, GatedBackend.QUICK));
            vcpu0.start();
            assertTrue(inQuick.await(10, TimeUnit.SECONDS));
            abandon(runner);
            Command later = start(runner, 1, GatedBackend.QUICK);
            assertEquals(0, offloaded.get());
            goOn.countDown();
            vcpu0.join(10_000);
            assertInstanceOf(CommandRunner.Dropped.class, next().outcome());
            Delivered d = next();
            assertSame(later, d.command());
            assertEquals(GatedBackend.QUICK, rc(d.outcome()));
            assertEquals(1, offloaded.get(), "the waiting command ran on the executor, not on vCPU 0");
        }
    }

    @Test
    void backendFailuresAndBadResponsesAreFailures() throws Exception {
        try (CommandRunner runner = runner(Runnable::run)) {
            tpm.failure = new IllegalStateException("socket closed");
            start(runner, 0, GatedBackend.QUICK);
            assertTrue(assertInstanceOf(CommandRunner.Failure.class, next().outcome()).reason().contains("socket closed"));
            tpm.failure = null;
            tpm.answer = new byte[9];
            start(runner, 0, GatedBackend.QUICK);
            assertInstanceOf(CommandRunner.Failure.class, next().outcome());
            limit = 20;
            tpm.answer = new byte[21];
            start(runner, 0, GatedBackend.QUICK);
            assertTrue(assertInstanceOf(CommandRunner.Failure.class, next().outcome()).reason().contains("21 bytes"));
            tpm.answer = new byte[20];
            start(runner, 0, GatedBackend.QUICK);
            assertEquals(20, assertInstanceOf(CommandRunner.Response.class, next().outcome()).bytes().length);
        }
    }

    @Test
    void aShutDownExecutorFailsTheCommand() throws Exception {
        CommandRunner runner = runner(null);
        runner.close();
        start(runner, 0, GatedBackend.SLOW);
        assertTrue(assertInstanceOf(CommandRunner.Failure.class, next().outcome()).reason().contains("shut down"));
        assertFalse(busy(runner));
    }

    @Test
    void theOwnExecutorTakesEveryCommandOfABusyDevice() throws Exception {
        // start, abandon and start again many times over one runner thread with a queue of one:
        // nothing is ever rejected, and every command ends exactly once
        try (CommandRunner runner = runner(null)) {
            int rounds = 200;
            for (int i = 0; i < rounds; i++) {
                start(runner, i % 4, GatedBackend.SLOW);
                if (abandon(runner)) {
                    runner.cancelBackend();
                }
            }
            for (int i = 0; i < rounds; i++) {
                tpm.release();   // a cancel that came before its command entered the backend released nothing
            }
            int ended = 0;
            while (ended < rounds) {
                Outcome o = next().outcome();
                assertFalse(o instanceof CommandRunner.Failure, "no command was rejected: " + o);
                ended++;
            }
            assertTrue(tpm.mostInside.get() <= 1, "never two commands in the backend");
        }
    }

    @Test
    void restartsBehindAStalledCommandHoldTheExecutorToOneTask() throws Exception {
        // a guest that keeps abandoning and restarting while the TPM never answers: one command in
        // the backend, at most one waiting, at most one task waiting for the executor (a new one
        // only while the one before finishes); every other command is dropped at once
        StallingTpm stalled = StallingTpm.stalled(StallingTpm.OnCancel.KEEP_STALLING);
        AtomicInteger dropped = new AtomicInteger();
        try (WatchedExecutor executor = new WatchedExecutor();
             CommandRunner runner = new CommandRunner(stalled, lock, executor, "t", () -> limit, (c, o) -> {
                 if (o instanceof CommandRunner.Dropped) {
                     dropped.incrementAndGet();
                 }
             })) {
            int rounds = 100_000;
            for (int i = 0; i < rounds; i++) {
                start(runner, i % 4, GatedBackend.SLOW);
                if (abandon(runner)) {
                    runner.cancelBackend();
                }
            }
            assertTrue(stalled.awaitExecuting(10, TimeUnit.SECONDS));
            assertEquals(1, stalled.commands(), "one command reached the backend");
            assertTrue(dropped.get() >= rounds - 2, "all but the running and the last waiting one dropped at once");
            stalled.unstall();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (busy(runner)) {
                assertTrue(System.nanoTime() < deadline, "the runner never drained");
                Thread.sleep(1);
            }
            assertEquals(rounds, dropped.get(), "every abandoned command ended, dropped");
            assertEquals(1, stalled.commands(), "the last abandoned one never reached the backend");
            assertTrue(executor.maxQueued() <= 1, "tasks waiting for the executor: " + executor.maxQueued());
        }
    }
}
