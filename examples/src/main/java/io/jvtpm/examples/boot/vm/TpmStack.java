package io.jvtpm.examples.boot.vm;

import io.jvtpm.crb.CrbDevice;
import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.examples.boot.BootException;
import io.jvtpm.examples.boot.BootOptions;
import io.jvtpm.examples.boot.PpiMode;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.kvm.bus.BusReader;
import io.jvtpm.kvm.bus.BusWriter;
import io.jvtpm.kvm.bus.MmioBus;
import io.jvtpm.kvm.bus.PioBus;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.kvm.smi.ApmPort;
import io.jvtpm.ppi.exec.PpiExecutor;
import io.jvtpm.ppi.exec.PpiOutcome;
import io.jvtpm.ppi.op.PpFlagStore;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.policy.Confirmer;
import io.jvtpm.ppi.policy.LineConfirmer;
import io.jvtpm.ppi.policy.PpiPolicy;
import io.jvtpm.ppi.smi.PpiSmiHandler;
import io.jvtpm.tis.TisDevice;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest's TPM: the in-process engine on a state directory, the TIS or CRB register window at
 * 0xFED40000 (PC Client Platform TPM Profile section 5.5 / 6.5), and the PPI page at 0xFED45000
 * with its host-side executor (TCG PPI 1.3) that runs at every guest reset.
 */
public final class TpmStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TpmStack.class);

    private final InProcessBackend backend;
    private final TpmInterface kind;
    private final TisDevice tis;
    private final CrbDevice crb;
    private final GuestMemory ppiMemory;
    private final PpiExecutor executor;
    private final PpiMode ppiMode;
    private final Path temporaryState;
    private final Thread temporaryStateCleanup;
    private final CountingBackend counted;
    private final AtomicLong mmioReads = new AtomicLong();
    private final AtomicLong mmioWrites = new AtomicLong();

    private TpmStack(InProcessBackend backend, CountingBackend counted, TpmInterface kind, TisDevice tis, CrbDevice crb,
            GuestMemory ppiMemory, PpiExecutor executor, PpiMode ppiMode, Path temporaryState) {
        this.backend = backend;
        this.counted = counted;
        this.kind = kind;
        this.tis = tis;
        this.crb = crb;
        this.ppiMemory = ppiMemory;
        this.executor = executor;
        this.ppiMode = ppiMode;
        this.temporaryState = temporaryState;
        // a temporary TPM is removed even when the launcher is killed (SIGTERM, Ctrl-C)
        this.temporaryStateCleanup = temporaryState == null ? null : new Thread(() -> deleteTree(temporaryState));
        if (temporaryStateCleanup != null) {
            Runtime.getRuntime().addShutdownHook(temporaryStateCleanup);
        }
    }

    /** Opens the TPM state (or a fresh temporary one), powers the TPM on and sets up the PPI page. */
    public static TpmStack open(BootOptions options, ConsoleInput console, GuestRam ram) throws BootException {
        return open(options, console, ram, System.nanoTime());
    }

    /**
     * As {@link #open(BootOptions, ConsoleInput, GuestRam)}; {@code launchNanos} (a
     * {@link System#nanoTime()} value) is when the launch began, for the log's timings.
     */
    public static TpmStack open(BootOptions options, ConsoleInput console, GuestRam ram, long launchNanos)
            throws BootException {
        Path temp = null;
        Path dir;
        try {
            if (options.tpmState().isPresent()) {
                dir = options.tpmState().get();
                Files.createDirectories(dir);
            } else {
                temp = Files.createTempDirectory("jvtpm-tpm");
                dir = temp;
            }
        } catch (IOException e) {
            throw new BootException("cannot use TPM state directory: " + e.getMessage(), e);
        }
        InProcessBackend backend;
        try {
            backend = InProcessBackend.open(dir);
        } catch (RuntimeException e) {
            throw new BootException("cannot open the TPM state in " + dir + ": " + e.getMessage(), e);
        }
        backend.init();
        GuestMemory ppi = GuestMemory.allocate(PpiPage.BASE, 0x1000);
        PpiPage page = PpiPage.wrap(ppi.buffer(PpiPage.BASE, PpiPage.SIZE));
        Confirmer confirmer = request -> {
            try {
                return new LineConfirmer(console.borrow(),
                        new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
                        .confirm(request);
            } finally {
                console.release();
            }
        };
        PpiPolicy policy = switch (options.ppiPolicy()) {
            case CONFIRM -> PpiPolicy.CONFIRM;
            case ALLOW -> PpiPolicy.ALLOW;
            case DENY -> PpiPolicy.DENY;
        };
        PpiExecutor executor = PpiExecutor.builder(page, backend)
                .policy(policy)
                .flagStore(PpFlagStore.inDirectory(dir))
                .confirmer(confirmer)
                .memoryClearer(ram::clear)
                .build();
        executor.initializePage();
        CountingBackend counted = new CountingBackend(backend, launchNanos);
        TisDevice tis = options.tpm() == TpmInterface.TIS ? new TisDevice(counted) : null;
        CrbDevice crb = options.tpm() == TpmInterface.CRB ? new CrbDevice(counted) : null;
        return new TpmStack(backend, counted, options.tpm(), tis, crb, ppi, executor, options.ppi(), temp);
    }

    public InProcessBackend backend() {
        return backend;
    }

    /** The PPI page's memory, mapped into every VM of this run. */
    public GuestMemory ppiMemory() {
        return ppiMemory;
    }

    /** Puts the register window on {@code mmio} and, in SMI mode, the APM port on {@code pio}. */
    public void attach(MmioBus mmio, PioBus pio) {
        counted.newBoot();
        if (tis != null) {
            mmio.register("tpm-tis", TisDevice.BASE_ADDRESS, TisDevice.SIZE, countedReader(tis::read), countedWriter(tis::write));
        } else {
            mmio.register("tpm-crb", CrbDevice.BASE_ADDRESS, CrbDevice.SIZE, countedReader(crb::read), countedWriter(crb::write));
        }
        if (ppiMode == PpiMode.SMI) {
            PpiSmiHandler handler = new PpiSmiHandler(executor);
            ApmPort.register(pio, (command, status) -> {
                handler.onSmi(command);
                return status;
            });
        }
    }

    private BusReader countedReader(BusReader r) {
        return (offset, size) -> {
            mmioReads.incrementAndGet();
            return r.read(offset, size);
        };
    }

    private BusWriter countedWriter(BusWriter w) {
        return (offset, size, value) -> {
            mmioWrites.incrementAndGet();
            w.write(offset, size, value);
        };
    }

    /** The guest's TPM commands and the MMIO exits on the register window so far, over every boot of this run. */
    public TpmExitStats exitStats() {
        return new TpmExitStats(tis != null ? "tpm-tis" : "tpm-crb", counted.commands(), mmioReads.get(), mmioWrites.get());
    }

    /**
     * The platform reset sequence for the TPM: the interface resets, _TPM_Init, then the PPI
     * executor does what firmware does before the OS (memory clear, pending operation).
     */
    public Optional<PpiOutcome> onPlatformReset() {
        if (tis != null) {
            tis.reset();
        }
        if (crb != null) {
            crb.reset();
        }
        backend.init();
        Optional<PpiOutcome> outcome = executor.onReset();
        outcome.ifPresent(o -> LOG.debug("PPI operation {} at reset: {} {}", o.operation(), o.response(), o.detail()));
        return outcome;
    }

    public TpmInterface kind() {
        return kind;
    }

    @Override
    public void close() {
        if (tis != null) {
            tis.close();
        }
        if (crb != null) {
            crb.close();
        }
        try {
            backend.powerOff();
        } finally {
            backend.close();
            ppiMemory.close();
            if (temporaryState != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(temporaryStateCleanup);
                } catch (IllegalStateException shuttingDown) {
                    LOG.debug("the shutdown hook removes the temporary TPM");
                }
                deleteTree(temporaryState);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not remove the temporary TPM state {}: {}", dir, e.getMessage());
        }
    }
}
