package io.jvtpm.engine.platform;

/** The platform's monotonic millisecond timer (TCG TPM 2.0 reference platform layer, _plat__TimerRead). */
@FunctionalInterface
public interface PlatformClock {
    /** Milliseconds on a monotonic timer with an arbitrary origin. */
    long millis();

    /** The JVM's monotonic clock. */
    static PlatformClock system() {
        return () -> System.nanoTime() / 1_000_000L;
    }
}
