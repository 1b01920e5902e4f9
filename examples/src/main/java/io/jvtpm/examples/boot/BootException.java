package io.jvtpm.examples.boot;

/**
 * A launch that cannot go ahead (a bad option, a file that is not a bzImage, a memory size that
 * cannot hold the kernel); its message is one line that names the problem, for a person to read.
 * Used across the Linux x86 boot protocol (Documentation/arch/x86/boot.rst) steps of the launcher.
 */
public final class BootException extends Exception {
    private static final long serialVersionUID = 1L;

    public BootException(String message) {
        super(message);
    }

    public BootException(String message, Throwable cause) {
        super(message, cause);
    }
}
