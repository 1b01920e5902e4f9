package io.jvtpm.examples.boot;

import io.jvtpm.examples.boot.image.BzImage;
import io.jvtpm.examples.boot.image.KernelCache;
import io.jvtpm.examples.boot.image.KernelPayload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code jvtpm kernel-cache}: puts a bzImage's decompressed kernel (boot.rst payload) into the
 * kernel cache that {@code jvtpm boot} reads, ahead of the first boot; prints the entry's path.
 */
public final class KernelCacheCommand {

    public static final String HELP = """
            usage: jvtpm kernel-cache --kernel BZIMAGE [--dir DIR]
            Decompresses BZIMAGE's kernel into the kernel cache of jvtpm boot, so that even its first
            boot skips the guest's decompressor; prints the cached file. Nothing is done when it is there.
              --kernel BZIMAGE   the kernel (required)
              --dir DIR          the cache directory (default: $XDG_CACHE_HOME/jvtpm/kernels or
                                 ~/.cache/jvtpm/kernels, as for jvtpm boot)
            """;

    private KernelCacheCommand() {
    }

    /** Exit codes: 0 cached, 1 the kernel cannot be cached or the directory written, 2 a bad argument. */
    public static int run(String[] args) {
        Path kernel = null;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.print(HELP);
                return 0;
            }
            if ((a.equals("--kernel") || a.equals("--dir")) && i + 1 < args.length && !args[i + 1].isEmpty()) {
                Path p = Path.of(args[++i]);
                if (a.equals("--kernel") ? kernel != null : dir != null) {
                    return usage(a + " is given twice");
                }
                if (a.equals("--kernel")) {
                    kernel = p;
                } else {
                    dir = p;
                }
            } else if (a.equals("--kernel") || a.equals("--dir")) {
                return usage(a + " needs a value");
            } else {
                return usage("unknown argument '" + a + "' (see --help)");
            }
        }
        if (kernel == null) {
            return usage("--kernel BZIMAGE is required (see --help)");
        }
        Optional<Path> where = dir != null ? Optional.of(dir) : KernelCache.defaultDirectory(System.getenv());
        if (where.isEmpty()) {
            return usage("no cache directory: set HOME or XDG_CACHE_HOME, or give --dir");
        }
        try {
            BzImage image = BzImage.load(kernel);
            KernelCache cache = new KernelCache(where.get());
            Optional<KernelCache.Entry> entry = cache.lookup(image);
            if (entry.isEmpty()) {
                entry = cache.store(image, () -> false);
            }
            if (entry.isEmpty()) {
                String format = KernelPayload.of(image).map(p -> p.format().toString()).orElse("missing");
                System.err.println("jvtpm kernel-cache: " + kernel + "'s payload is " + format
                        + "; jvtpm decompresses gzip and xz (the guest's decompressor handles the rest)");
                return 1;
            }
            System.out.println(entry.get().file());
            return 0;
        } catch (BootException e) {
            return usage(e.getMessage());
        } catch (IOException e) {
            System.err.println("jvtpm kernel-cache: cannot cache " + kernel + " in " + where.get() + ": " + KernelCache.describe(e));
            return 1;
        }
    }

    private static int usage(String message) {
        System.err.println("jvtpm kernel-cache: " + message);
        return 2;
    }
}
