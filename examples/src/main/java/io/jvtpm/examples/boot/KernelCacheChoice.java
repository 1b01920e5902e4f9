package io.jvtpm.examples.boot;

import java.nio.file.Path;
import java.util.Objects;

/** Where decompressed kernels (boot.rst payloads) are kept: the default directory, one given, or nowhere. */
public sealed interface KernelCacheChoice {

    /** {@code $XDG_CACHE_HOME/jvtpm/kernels} or {@code ~/.cache/jvtpm/kernels}, used where it can be written. */
    record Default() implements KernelCacheChoice {
    }

    /** A directory the user named: a failure to use it is worth a warning. */
    record Directory(Path path) implements KernelCacheChoice {
        public Directory {
            Objects.requireNonNull(path, "path");
        }
    }

    /** No cache: the guest always runs the kernel's decompressor. */
    record Off() implements KernelCacheChoice {
    }
}
