package io.jvtpm.examples.boot.image;

import java.util.Optional;

/**
 * The kernel one launch boots: the bzImage as given (what is measured, and whose setup header goes
 * into the zero page) and, when the kernel cache holds it, its decompressed vmlinux, which is loaded
 * and entered at {@code startup_64} in place of the bzImage's decompressor (boot.rst "64-bit Boot
 * Protocol").
 */
public record BootKernel(BzImage image, Optional<KernelCache.Entry> vmlinux) {

    /** The bzImage alone: the guest runs its decompressor. */
    public static BootKernel compressed(BzImage image) {
        return new BootKernel(image, Optional.empty());
    }
}
