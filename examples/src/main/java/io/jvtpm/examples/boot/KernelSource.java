package io.jvtpm.examples.boot;

import io.jvtpm.examples.boot.image.BootKernel;
import io.jvtpm.examples.boot.image.BzImage;
import io.jvtpm.examples.boot.image.KernelCache;
import io.jvtpm.kvm.HostThreads;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one launch's kernel comes from (boot.rst, 64-bit boot protocol): the bzImage's decompressed
 * vmlinux from the kernel cache when it is there; otherwise the bzImage itself, whose decompressor
 * runs in the guest while a thread of the lowest priority fills the cache for later launches.
 * Closing it stops that thread.
 */
// close() waits for the store thread and lets an interrupt through on purpose: its users throw
// InterruptedException themselves
@SuppressWarnings("try")
public final class KernelSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KernelSource.class);
    /** The store only helps later launches, so it takes what the vCPUs and the TPM leave. */
    private static final int STORE_NICE = HostThreads.LOWEST_PRIORITY;
    private static final long STOP_WAIT_MILLIS = 2000;

    private final BootKernel kernel;
    private final Thread store;
    private volatile boolean stopping;

    private KernelSource(BootKernel kernel, KernelCache fill, boolean named) {
        this.kernel = kernel;
        if (fill == null) {
            this.store = null;
            return;
        }
        this.store = new Thread(() -> store(fill, kernel.image(), named), "jvtpm-kernel-cache");
        store.setDaemon(true);
        store.start();
    }

    /** The kernel for {@code bzImage} under the cache choice of the command line. */
    public static KernelSource open(KernelCacheChoice choice, BzImage bzImage) {
        return open(choice, bzImage, System.getenv());
    }

    static KernelSource open(KernelCacheChoice choice, BzImage bzImage, Map<String, String> env) {
        Optional<Path> dir;
        if (choice instanceof KernelCacheChoice.Directory d) {
            dir = Optional.of(d.path());
        } else if (choice instanceof KernelCacheChoice.Default) {
            dir = KernelCache.defaultDirectory(env);
        } else {
            dir = Optional.empty();
        }
        if (dir.isEmpty()) {
            return new KernelSource(BootKernel.compressed(bzImage), null, false);
        }
        KernelCache cache = new KernelCache(dir.get());
        Optional<KernelCache.Entry> hit = cache.lookup(bzImage);
        if (hit.isPresent()) {
            LOG.info("kernel: the decompressed kernel from {}; the guest skips its decompressor", hit.get().file());
            return new KernelSource(new BootKernel(bzImage, hit), null, false);
        }
        return new KernelSource(BootKernel.compressed(bzImage), cache,
                choice instanceof KernelCacheChoice.Directory);
    }

    public BootKernel kernel() {
        return kernel;
    }

    private void store(KernelCache cache, BzImage image, boolean named) {
        HostThreads.niceCurrentThread(STORE_NICE);
        long start = System.nanoTime();
        try {
            cache.store(image, () -> stopping).ifPresent(e -> LOG.info(
                    "kernel cache: stored the decompressed kernel in {} ({} ms); later boots of {} use it",
                    e.file(), (System.nanoTime() - start) / 1_000_000, image.name()));
        } catch (IOException e) {
            if (stopping) {
                LOG.debug("kernel cache: the store stopped with the launch: {}", e.getMessage());
            } else if (named) {
                LOG.warn("kernel cache: cannot store the decompressed kernel in {}: {}", cache.directory(), KernelCache.describe(e));
            } else {
                // the default directory may well be read-only (a shared root): not worth a warning
                LOG.debug("kernel cache: cannot store the decompressed kernel in {}: {}", cache.directory(), KernelCache.describe(e));
            }
        }
    }

    /** Stops a store still running (its partial file is removed) and waits a moment for it. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        if (store != null) {
            store.join(STOP_WAIT_MILLIS);
        }
    }
}
