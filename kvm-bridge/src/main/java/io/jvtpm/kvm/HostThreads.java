package io.jvtpm.kvm;

import io.jvtpm.kvm.sys.LibC;

/**
 * Scheduling of a VMM's host threads (Linux setpriority(2) on a thread id): a thread whose work
 * only helps later (bringing a device up beside the vCPUs, filling a cache) runs niced, on what
 * the vCPU threads leave.
 */
public final class HostThreads {

    /** The lowest priority Linux gives a thread (nice 19). */
    public static final int LOWEST_PRIORITY = 19;

    private HostThreads() {
    }

    /**
     * Sets the calling thread's nice value to {@code nice} (0 to 19; Linux keeps one per thread);
     * false when the system refused, in which case the thread runs on as it was.
     */
    public static boolean niceCurrentThread(int nice) {
        if (nice < 0 || nice > LOWEST_PRIORITY) {
            throw new IllegalArgumentException("nice value " + nice + " is outside 0-" + LOWEST_PRIORITY);
        }
        return LibC.niceCurrentThread(nice);
    }
}
