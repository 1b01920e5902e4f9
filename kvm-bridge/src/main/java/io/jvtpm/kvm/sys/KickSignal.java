package io.jvtpm.kvm.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.jvtpm.kvm.KvmException;

/**
 * The realtime signal that kicks a vCPU thread out of KVM_RUN (linux/kvm.h: a pending signal makes KVM_RUN
 * return EINTR with exit reason KVM_EXIT_INTR). Its handler is an empty function: one x86 RET instruction in an
 * executable page, so nothing runs in signal context but the return. Installed once per process, without
 * SA_RESTART.
 */
public final class KickSignal {
    private static final byte X86_RET = (byte) 0xC3;
    private static final long PAGE = 4096;
    /** Offset from glibc's SIGRTMIN; the JVM and glibc use none of the realtime signals above SIGRTMIN. */
    private static final int RT_OFFSET = 5;
    private static volatile int signal;

    private KickSignal() {
    }

    /** The signal number, installing the handler on first use. */
    public static int number() {
        int s = signal;
        if (s == 0) {
            s = install();
        }
        return s;
    }

    /** Makes sure the calling thread does not block the kick signal (call on a vCPU thread before KVM_RUN). */
    public static void unblockInCurrentThread() {
        Memory set = new Memory(KvmLayout.SIGSET_SIZE);
        LibC.sigemptyset(set);
        LibC.sigaddset(set, number());
        int err = LibC.pthread_sigmask(LibC.SIG_UNBLOCK, set, null);
        if (err != 0) {
            throw new KvmException("pthread_sigmask", err);
        }
    }

    /** Sends the kick signal to the native thread {@code pthread}; returns false when that thread is gone. */
    public static boolean send(long pthread) {
        int err = LibC.pthread_kill(pthread, number());
        if (err == 0) {
            return true;
        }
        if (err == 3) { // ESRCH
            return false;
        }
        throw new KvmException("pthread_kill", err);
    }

    private static synchronized int install() {
        if (signal != 0) {
            return signal;
        }
        int sig = LibC.__libc_current_sigrtmin() + RT_OFFSET;
        try {
            Pointer page = LibC.mmap(null, PAGE, LibC.PROT_READ | LibC.PROT_WRITE,
                    LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
            page.setByte(0, X86_RET);
            LibC.mprotect(page, PAGE, LibC.PROT_READ | LibC.PROT_EXEC);
            Memory act = new Memory(KvmLayout.SIGACTION_SIZE);
            act.clear();
            act.setPointer(0, page);
            LibC.sigemptyset(act.share(KvmLayout.SIGACTION_MASK));
            act.setInt(KvmLayout.SIGACTION_FLAGS, 0);
            LibC.sigaction(sig, act, null);
        } catch (LastErrorException e) {
            throw new KvmException("installing the vCPU kick signal " + sig, e.getErrorCode());
        }
        signal = sig;
        return sig;
    }
}
