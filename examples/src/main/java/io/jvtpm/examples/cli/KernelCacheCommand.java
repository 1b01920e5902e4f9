package io.jvtpm.examples.cli;

import io.jvtpm.examples.CommandLines;
import io.jvtpm.examples.boot.BootException;
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

    private KernelCacheCommand() {
    }

    /** The options of {@code jvtpm kernel-cache}. */
    public static CommandLines.Spec spec() {
        return CommandLines.Spec.command("kernel-cache", "Decompresses BZIMAGE's kernel into the kernel cache of jvtpm"
                        + " boot, so that even its first boot skips the guest's decompressor; prints the cached file."
                        + " Nothing is done when it is there.")
                .option("--kernel", "BZIMAGE", "the kernel (required)")
                .option("--dir", "DIR", "the cache directory (default: $XDG_CACHE_HOME/jvtpm/kernels or"
                        + " ~/.cache/jvtpm/kernels, as for jvtpm boot)");
    }

    /** Exit codes: 0 cached, 1 the kernel cannot be cached or the directory written, 2 a bad argument. */
    public static int run(String[] args) {
        Optional<CommandLines.Values> values;
        try {
            values = CommandLines.parse(spec(), args, IllegalArgumentException::new);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (values.isEmpty()) {
            System.out.print(CommandLines.usage(spec()));
            return 0;
        }
        return execute(values.get());
    }

    /** Caches the kernel the options name; the exit code as {@link #run(String[])}'s. */
    public static int execute(CommandLines.Values values) {
        String kernel = values.value("--kernel");
        String dir = values.value("--dir");
        if (kernel != null && kernel.isEmpty() || dir != null && dir.isEmpty()) {
            return usage((kernel != null && kernel.isEmpty() ? "--kernel" : "--dir") + " needs a value");
        }
        return cache(kernel == null ? null : Path.of(kernel), dir == null ? null : Path.of(dir));
    }

    private static int cache(Path kernel, Path dir) {
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
