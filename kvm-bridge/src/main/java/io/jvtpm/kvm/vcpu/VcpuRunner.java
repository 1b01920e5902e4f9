package io.jvtpm.kvm.vcpu;

import io.jvtpm.kvm.exit.InterruptedExit;
import io.jvtpm.kvm.exit.VmExit;
import io.jvtpm.kvm.sys.KickSignal;
import io.jvtpm.kvm.sys.LibC;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vCPU's thread and run loop (KVM_RUN, linux/kvm.h): start, pause, resume, kick, stop and reset. A kick sets
 * kvm_run.immediate_exit and sends the {@link KickSignal} to the thread, so a vCPU deep in guest code (or about
 * to enter it) returns with EINTR at once. Port-I/O and MMIO exits are completed by the {@link ExitDispatcher};
 * everything else goes to the {@link ExitPolicy}.
 */
public final class VcpuRunner implements AutoCloseable {
    /** Lifecycle states. */
    public enum State {
        /** Created, thread not started. */
        NEW,
        /** In the run loop. */
        RUNNING,
        /** Parked between exits until {@link #resume()}. */
        PAUSED,
        /** The loop ended (stop, policy or failure). */
        STOPPED
    }

    private static final Logger LOG = LoggerFactory.getLogger(VcpuRunner.class);
    private static final ThreadLocal<Vcpu> CURRENT = new ThreadLocal<>();

    private final Vcpu vcpu;
    private final ExitDispatcher dispatcher;
    private final ExitPolicy policy;
    private final Object lock = new Object();
    private final Thread thread;
    private State state = State.NEW;
    private boolean pauseRequested;
    private boolean stopRequested;
    private long pthread;
    private Regs resetRegs;
    private Sregs resetSregs;
    private Throwable failure;
    private volatile long exits;

    /** A runner for {@code vcpu}; the thread is named after it. */
    public VcpuRunner(Vcpu vcpu, ExitDispatcher dispatcher, ExitPolicy policy) {
        this.vcpu = vcpu;
        this.dispatcher = dispatcher;
        this.policy = policy;
        this.thread = new Thread(this::loop, "vcpu-" + vcpu.id());
        this.thread.setDaemon(true);
    }

    /** The vCPU whose loop is running on the calling thread, or null (e.g. for a device raising an SMI). */
    public static Vcpu current() {
        return CURRENT.get();
    }

    /** The vCPU. */
    public Vcpu vcpu() {
        return vcpu;
    }

    /** Exits handled so far. */
    public long exitCount() {
        return exits;
    }

    /** The current state. */
    public State state() {
        synchronized (lock) {
            return state;
        }
    }

    /** The failure that ended the loop, if any. */
    public Optional<Throwable> failure() {
        synchronized (lock) {
            return Optional.ofNullable(failure);
        }
    }

    /** Records the current registers as the reset state and starts the thread. */
    public void start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException(vcpu + " runner already started");
            }
            if (resetRegs == null) {
                resetRegs = vcpu.getRegs();
                resetSregs = vcpu.getSregs();
            }
            KickSignal.number();
            state = State.RUNNING;
            thread.start();
        }
    }

    /** Sets the state {@link #reset()} restores (default: the state at {@link #start()}). */
    public void setResetState(Regs regs, Sregs sregs) {
        synchronized (lock) {
            resetRegs = regs;
            resetSregs = sregs;
        }
    }

    /** Interrupts KVM_RUN now; the loop re-enters the guest unless a pause or stop is pending. */
    public void kick() {
        vcpu.setImmediateExit(true);
        synchronized (lock) {
            if (pthread != 0 && state != State.STOPPED) {
                KickSignal.send(pthread);
            }
        }
    }

    /** Stops the vCPU between exits and waits until it is parked (or the loop ended). */
    public void pause() throws InterruptedException {
        synchronized (lock) {
            if (state == State.NEW || state == State.STOPPED) {
                return;
            }
            pauseRequested = true;
        }
        kick();
        synchronized (lock) {
            while (state == State.RUNNING) {
                lock.wait(100);
                if (state == State.RUNNING && pthread != 0) {
                    KickSignal.send(pthread);
                }
            }
        }
    }

    /** Lets a paused vCPU run again. */
    public void resume() {
        synchronized (lock) {
            pauseRequested = false;
            lock.notifyAll();
        }
    }

    /** Pauses, restores the reset registers, and resumes (no-op on a stopped runner). */
    public void reset() throws InterruptedException {
        boolean wasRunning = state() == State.RUNNING;
        pause();
        synchronized (lock) {
            if (state == State.STOPPED) {
                return;
            }
            vcpu.setSregs(resetSregs);
            vcpu.setRegs(resetRegs);
        }
        if (wasRunning) {
            resume();
        }
    }

    /** Asks the loop to end without waiting (safe from a device handler on the vCPU thread). */
    public void requestStop() {
        synchronized (lock) {
            stopRequested = true;
            lock.notifyAll();
        }
        if (Thread.currentThread() != thread) {
            kick();
        } else {
            vcpu.setImmediateExit(true);
        }
    }

    /** Ends the loop and waits for the thread. */
    public void stop() throws InterruptedException {
        requestStop();
        if (Thread.currentThread() != thread && thread.isAlive()) {
            thread.join();
        }
    }

    /** Waits up to {@code timeout} for the loop to end; true when it has. */
    public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        thread.join(Math.max(1, unit.toMillis(timeout)));
        return !thread.isAlive();
    }

    /** Stops the loop; an interrupt while waiting is kept as the thread's interrupt status. */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        CURRENT.set(vcpu);
        try {
            KickSignal.unblockInCurrentThread();
            synchronized (lock) {
                pthread = LibC.pthread_self();
            }
            while (true) {
                if (!parkIfAsked()) {
                    break;
                }
                VmExit exit = vcpu.run();
                exits++;
                if (exit instanceof InterruptedExit) {
                    vcpu.setImmediateExit(false);
                    continue;
                }
                dispatcher.complete(vcpu.runArea(), exit);
                if (policy.onExit(vcpu, exit) == ExitPolicy.Action.STOP) {
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("{}: run loop failed", vcpu, e);
            synchronized (lock) {
                failure = e;
            }
        } finally {
            CURRENT.remove();
            synchronized (lock) {
                state = State.STOPPED;
                pthread = 0;
                lock.notifyAll();
            }
        }
    }

    /** Parks while a pause is requested; false when the loop must end. */
    private boolean parkIfAsked() {
        synchronized (lock) {
            while (pauseRequested && !stopRequested) {
                state = State.PAUSED;
                lock.notifyAll();
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (stopRequested) {
                return false;
            }
            state = State.RUNNING;
            vcpu.setImmediateExit(false);
            return true;
        }
    }
}
