package io.jvtpm.engine.ptp;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.TpmWire;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the commands a TPM interface device starts (PTP: TIS tpmGo, CRB CTRL_START) on its
 * {@link TpmBackend}, one at a time. A command the backend calls quick ({@link TpmBackend#isQuick})
 * runs on the vCPU thread inside the register write that starts it, so the driver's first poll
 * finds the response; any other goes to the command executor and the write returns at once: a vCPU
 * never waits on a slow command. A command abandoned by a locality change, a reset or a new
 * transaction of the device is cancelled in the backend and its response dropped; a command
 * started while an abandoned one still runs in the backend waits for it, so the backend never has
 * two commands of one device at once. The device's own executor is a single thread with a queue of
 * one: the runner never hands it more than that.
 *
 * <p>The runner shares the device's lock: methods named {@code ...Locked} are called with it held,
 * {@link #run} and {@link #cancelBackend()} without it, and the {@link Completion} is called with
 * it held. No backend call is made with the lock held.
 */
public final class CommandRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    private final TpmBackend backend;
    private final Object lock;
    private final Executor executor;
    private final ExecutorService ownExecutor;
    private final IntSupplier responseLimit;
    private final Completion completion;

    // guarded by lock
    private Command inFlight;
    private Command waiting;

    /** What became of a command, as the device gets it. */
    public sealed interface Outcome permits Response, Failure, Dropped {
    }

    /** The backend answered: {@code bytes} is a whole response within the device's buffer. */
    public record Response(byte[] bytes) implements Outcome {
    }

    /** The backend failed or answered something that is not a response: {@code reason} says which. */
    public record Failure(String reason) implements Outcome {
    }

    /** The command was abandoned: nobody may see its response. */
    public record Dropped() implements Outcome {
    }

    /** Hears how each started command ended; called with the device's lock held, exactly once per command. */
    @FunctionalInterface
    public interface Completion {
        void completed(Command command, Outcome outcome);
    }

    /** A command on its way through the runner. */
    public static final class Command {
        private final int locality;
        private final byte[] bytes;
        private final boolean runByStarter;
        private boolean abandoned;

        private Command(int locality, byte[] bytes, boolean runByStarter) {
            this.locality = locality;
            this.bytes = bytes;
            this.runByStarter = runByStarter;
        }

        /** The locality that sent it. */
        public int locality() {
            return locality;
        }

        /** The command's bytes. */
        public byte[] bytes() {
            return bytes;
        }
    }

    /**
     * A runner for one device.
     *
     * @param backend       the TPM
     * @param lock          the device's lock, which guards the runner's state too
     * @param executor      runs commands that are not quick; null for the runner's own thread
     * @param threadName    the name of that thread
     * @param responseLimit the largest response the device takes now (read with the lock held)
     * @param completion    told how each command ended
     */
    public CommandRunner(TpmBackend backend, Object lock, Executor executor, String threadName,
                         IntSupplier responseLimit, Completion completion) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.responseLimit = Objects.requireNonNull(responseLimit, "responseLimit");
        this.completion = Objects.requireNonNull(completion, "completion");
        if (executor != null) {
            this.executor = executor;
            this.ownExecutor = null;
        } else {
            ThreadPoolExecutor own = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1), r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
            this.ownExecutor = own;
            this.executor = own;
        }
    }

    /**
     * Takes {@code bytes} from {@code locality} as the device's command; the caller then calls
     * {@link #run} with the result once it has released the lock. When an abandoned command still
     * runs in the backend the new one waits for it (and a command already waiting is dropped).
     */
    public Command startLocked(int locality, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (inFlight == null) {
            inFlight = new Command(locality, bytes, true);
            return inFlight;
        }
        Command replaced = waiting;
        waiting = new Command(locality, bytes, false);
        if (replaced != null) {
            completion.completed(replaced, new Dropped());
        }
        return waiting;
    }

    /**
     * Runs {@code command} as {@link #startLocked} left it (without the lock): a quick command on
     * this thread before returning, any other on the executor. A command that waits for an
     * abandoned one is left to the thread that finishes that one.
     */
    public void run(Command command) {
        if (!command.runByStarter) {
            return;
        }
        if (quick(command)) {
            drain(command, true);
        } else {
            submit(command);
        }
    }

    /**
     * Abandons the device's command, if any: its response is dropped and a command still waiting
     * never reaches the backend. Returns true when the backend should be told to cancel (call
     * {@link #cancelBackend()} once the lock is released).
     */
    public boolean abandonLocked() {
        boolean cancel = false;
        if (inFlight != null && !inFlight.abandoned) {
            inFlight.abandoned = true;
            cancel = true;
        }
        if (waiting != null) {
            waiting.abandoned = true;
        }
        return cancel;
    }

    /**
     * The guest asks to cancel the command (TIS commandCancel, CRB CTRL_CANCEL): returns true when
     * a command of the device's current transaction is there to cancel; then call
     * {@link #cancelBackend()} once the lock is released. The response, TPM_RC_CANCELED or the
     * normal one, is still delivered.
     */
    public boolean cancelLocked() {
        Command live = waiting != null ? waiting : inFlight;
        return live != null && !live.abandoned;
    }

    /** Whether a command is in the backend or waiting for it (an abandoned one included). */
    public boolean busyLocked() {
        return inFlight != null;
    }

    /** Asks the backend to cancel what it runs (never with the device's lock held). */
    public void cancelBackend() {
        try {
            backend.cancel();
        } catch (RuntimeException e) {
            LOG.warn("TPM backend failed to cancel a command: {}", e.toString());
        }
    }

    /** Stops the runner's own command thread, if it made one; the backend stays open. */
    @Override
    public void close() {
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    private boolean quick(Command command) {
        try {
            return backend.isQuick(command.bytes);
        } catch (RuntimeException e) {
            LOG.warn("TPM backend failed to say whether a command is quick: {}", e.toString());
            return false;
        }
    }

    private void submit(Command command) {
        try {
            executor.execute(() -> drain(command, false));
        } catch (RejectedExecutionException e) {
            Command next = finish(command, new Failure("the command executor is shut down"));
            if (next != null) {
                submit(next);
            }
        }
    }

    /** Runs {@code first} and, unless {@code onlyFirst}, the commands that waited for it; hands a waiting one on otherwise. */
    private void drain(Command first, boolean onlyFirst) {
        Command command = first;
        while (command != null) {
            boolean skip;
            synchronized (lock) {
                skip = command.abandoned;
            }
            Command next = finish(command, skip ? new Dropped() : execute(command));
            if (onlyFirst && next != null) {
                submit(next);
                return;
            }
            command = next;
        }
    }

    private Outcome execute(Command command) {
        byte[] response;
        try {
            response = backend.execute(command.locality, command.bytes);
        } catch (RuntimeException e) {
            LOG.warn("TPM backend failed on a command from locality {}: {}", command.locality, e.toString());
            return new Failure("TPM backend failed: " + e);
        }
        return new Response(response);
    }

    /** Delivers {@code outcome} and returns the command to run next, if one waited. */
    private Command finish(Command command, Outcome outcome) {
        synchronized (lock) {
            if (command.abandoned) {
                outcome = new Dropped();
            } else if (outcome instanceof Response r) {
                int limit = responseLimit.getAsInt();
                if (r.bytes() == null || r.bytes().length < TpmWire.HEADER_SIZE || r.bytes().length > limit) {
                    String got = r.bytes() == null ? "null" : r.bytes().length + " bytes";
                    LOG.warn("TPM backend answered {}, outside {}..{}", got, TpmWire.HEADER_SIZE, limit);
                    outcome = new Failure("TPM backend answered " + got + ", outside " + TpmWire.HEADER_SIZE + ".." + limit);
                }
            }
            inFlight = waiting;
            waiting = null;
            completion.completed(command, outcome);
            return inFlight;
        }
    }
}
