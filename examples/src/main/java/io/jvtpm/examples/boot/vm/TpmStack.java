package io.jvtpm.examples.boot.vm;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.ptp.TpmInterfaceDevice;
import io.jvtpm.examples.boot.BootException;
import io.jvtpm.examples.boot.MachineOptions;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.examples.boot.measure.DigestCache;
import io.jvtpm.examples.boot.measure.EventLog;
import io.jvtpm.examples.boot.measure.MeasuredBoot;
import io.jvtpm.examples.boot.measure.MeasurementException;
import io.jvtpm.kvm.bus.BusReader;
import io.jvtpm.kvm.bus.BusWriter;
import io.jvtpm.kvm.bus.MmioBus;
import io.jvtpm.kvm.bus.PioBus;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.kvm.smi.ApmPort;
import io.jvtpm.ppi.PpiDevice;
import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.ppi.exec.MemoryClearer;
import io.jvtpm.ppi.exec.PlatformHierarchyException;
import io.jvtpm.ppi.exec.PpiOutcome;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.policy.Confirmer;
import io.jvtpm.ppi.policy.LineConfirmer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest's TPM: the in-process engine on a state directory, the TIS or CRB register window at
 * 0xFED40000 (PC Client Platform TPM Profile section 5.5 / 6.5; {@link TpmInterfaceChoice}) with,
 * for CRB, its command buffer in a RAM page at 0xFED46000, and the PPI device (TCG PPI 1.3,
 * {@link PpiDevice}) with its page at 0xFED45000, whose executor runs at every guest reset. At
 * every boot {@link #bootSequence} measures and then closes the platform hierarchy.
 */
public final class TpmStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TpmStack.class);
    private static final int PAGE = 0x1000;

    private final InProcessBackend backend;
    private final TpmInterface kind;
    private final TpmInterfaceDevice window;
    private final PpiDevice ppi;
    private final Path temporaryState;
    private final Thread temporaryStateCleanup;
    private final CountingBackend counted;
    private final AtomicLong mmioReads = new AtomicLong();
    private final AtomicLong mmioWrites = new AtomicLong();
    private final AtomicLong coalescedWrites = new AtomicLong();
    private final BusReader windowReader;
    private final BusWriter windowWriter;
    private final TimedMemoryClear memoryClear;
    private static final long ALL_ONES = -1L;

    private TpmStack(InProcessBackend backend, CountingBackend counted, TpmInterface kind,
            TpmInterfaceDevice window, PpiDevice ppi, Path temporaryState, TimedMemoryClear memoryClear) {
        this.backend = backend;
        this.memoryClear = memoryClear;
        this.counted = counted;
        this.kind = kind;
        this.window = window;
        this.ppi = ppi;
        this.temporaryState = temporaryState;
        this.windowReader = countedReader(window::read);
        this.windowWriter = countedWriter(window::write);
        // a temporary TPM is removed even when the launcher is killed (SIGTERM, Ctrl-C)
        this.temporaryStateCleanup = temporaryState == null ? null : new Thread(() -> deleteTree(temporaryState));
        if (temporaryStateCleanup != null) {
            Runtime.getRuntime().addShutdownHook(temporaryStateCleanup);
        }
    }

    /**
     * Opens the TPM state (or a fresh temporary one), powers the TPM on and sets up the PPI page
     * and, for CRB, the command buffer in {@code tpmPages} (from {@link #allocateTpmPages()}, owned
     * by the caller); an operation that needs physical presence is asked for on {@code console}
     * and {@code consoleOut}; {@code launchNanos} (a {@link System#nanoTime()} value) is when the
     * launch began, for the log's timings.
     */
    public static TpmStack open(MachineOptions options, ConsoleInput console, OutputStream consoleOut, GuestRam ram,
            long launchNanos, GuestMemory tpmPages) throws BootException {
        Path temp = null;
        Path dir;
        try {
            if (options.tpmState().isPresent()) {
                // InProcessBackend.open creates it, private (mode 0700)
                dir = options.tpmState().get();
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
        // the register interface first: CRB shrinks the TPM's buffer to its page before power-on
        CountingBackend counted = new CountingBackend(backend, launchNanos);
        TpmInterfaceDevice window = TpmInterfaceChoice.open(options.tpm(), counted, tpmPages);
        backend.init();
        Confirmer confirmer = request -> {
            try {
                return new LineConfirmer(console.borrow(),
                        new PrintWriter(new OutputStreamWriter(consoleOut, StandardCharsets.UTF_8), true))
                        .confirm(request);
            } finally {
                console.release();
            }
        };
        TimedMemoryClear memoryClear = new TimedMemoryClear(ram);
        PpiDevice ppi = PpiDevice.builder(backend)
                .page(PpiPage.wrap(tpmPages.buffer(PpiPage.BASE, PpiPage.SIZE)))
                .transport(options.ppi())
                .policy(options.ppiPolicy())
                .stateDirectory(dir)
                .confirmer(confirmer)
                .memoryClearer(memoryClear)
                .build();
        return new TpmStack(backend, counted, options.tpm(), window, ppi, temp, memoryClear);
    }

    public InProcessBackend backend() {
        return backend;
    }

    /** The TPM as the guest's register window reaches it: counted, its last command noted. */
    TpmBackend guestTpm() {
        return counted;
    }

    /**
     * Allocates the memory of the PPI page (at {@link PpiPage#BASE}) and of the CRB command buffer
     * (the page after it, {@link TpmInterfaceChoice#CRB_BUFFER_ADDRESS}), to be mapped into every VM of the run.
     */
    public static GuestMemory allocateTpmPages() {
        return GuestMemory.allocate(PpiPage.BASE, 2 * PAGE);
    }

    /**
     * Puts the register window of {@code kind} on {@code mmio} and, with the {@code ppi} transport
     * SMI, the APM port on {@code pio}, before the stack is ready: every access waits for {@code ready}, so
     * nothing the guest does reaches the TPM before the launcher has measured the boot. When
     * {@code ready} fails, reads return all ones and writes are dropped.
     */
    public static void attach(MmioBus mmio, PioBus pio, TpmInterface kind, PpiTransport ppi,
            CompletableFuture<TpmStack> ready) {
        TpmInterfaceChoice.MmioRange range = TpmInterfaceChoice.range(kind);
        mmio.register(range.name(), range.base(), range.size(),
                (offset, size) -> await(ready).map(t -> t.windowReader.read(offset, size)).orElse(ALL_ONES),
                (offset, size, value) -> await(ready).ifPresent(t -> t.windowWriter.write(offset, size, value)));
        if (ppi == PpiTransport.SMI) {
            ApmPort.register(pio, (command, status) -> {
                await(ready).ifPresent(t -> t.ppi.onSmi(command));
                return status;
            });
        }
    }

    /** The stack once {@code ready} completes; empty when it failed. */
    private static Optional<TpmStack> await(CompletableFuture<TpmStack> ready) {
        try {
            return Optional.of(ready.join());
        } catch (CompletionException | CancellationException e) {
            return Optional.empty();
        }
    }

    /**
     * Counts {@code n} of the window's writes as having come through the coalesced MMIO ring
     * (the VM's count at the end of a boot, every coalesced zone being this window's).
     */
    public void addCoalescedWrites(long n) {
        coalescedWrites.addAndGet(n);
    }

    /** A boot's measurements, made with the {@link MeasuredBoot} that {@link #bootSequence} started. */
    @FunctionalInterface
    public interface Measurements {
        void measure(MeasuredBoot boot) throws MeasurementException;
    }

    /**
     * The TPM's part of every boot (the first and each after a reset), before the guest's first
     * instruction, as platform firmware does it: TPM2_Startup(CLEAR) and the PCR banks
     * ({@link MeasuredBoot#start}), the {@code measurements} into a log of {@code logCapacity}
     * bytes, then the platform hierarchy closed ({@link PpiDevice#closePlatformHierarchy()}): the
     * guest gets no platform authority, so TPM2_Clear, ChangeEPS, PCR_Allocate and the like
     * happen only through the PPI executor at the next reset, under the host's policy. The guest's
     * first TPM command is logged with its time.
     *
     * @return the event log
     * @throws MeasurementException when the TPM refuses a measurement
     * @throws PlatformHierarchyException when the TPM refuses to close the platform hierarchy
     */
    public EventLog bootSequence(int logCapacity, DigestCache digests, Measurements measurements)
            throws MeasurementException, PlatformHierarchyException {
        counted.newBoot();
        MeasuredBoot boot = MeasuredBoot.start(backend, logCapacity, digests);
        measurements.measure(boot);
        ppi.closePlatformHierarchy();
        return boot.log();
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
        long coalesced = coalescedWrites.get();
        return new TpmExitStats(TpmInterfaceChoice.range(kind).name(), counted.commands(), mmioReads.get(),
                mmioWrites.get() - coalesced, coalesced);
    }

    /**
     * The platform reset sequence for the TPM, whatever reset the platform: the interface resets,
     * _TPM_Init, then the PPI executor does what firmware does before the OS: guest RAM cleared
     * when the MOR ClearMemory bit is set (TCG Platform Reset Attack Mitigation), the pending
     * operation run. One INFO line says what the reset did and what the memory clear cost. The
     * next boot's {@link #bootSequence} then starts the TPM, measures and closes the platform
     * hierarchy again.
     */
    public Optional<PpiOutcome> onPlatformReset() {
        window.reset();
        backend.init();
        memoryClear.forget();
        Optional<PpiOutcome> outcome = ppi.onReset();
        LOG.info("platform reset: _TPM_Init; {}; {}", memoryClear.describe(),
                outcome.map(o -> "PPI request " + o.operation() + " answered " + o.response()).orElse("no PPI request pending"));
        return outcome;
    }

    /**
     * True when the guest's last TPM command of this boot was a successful TPM2_Shutdown (as Linux
     * sends at power-off and reboot): the TPM's next start is then an orderly one.
     */
    public boolean guestShutDownTpm() {
        return counted.guestShutDown();
    }

    /** What the MOR memory clear of the last platform reset took; empty when that reset kept guest RAM. */
    public Optional<Duration> lastMemoryClear() {
        long n = memoryClear.nanos;
        return n < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(n));
    }

    /** The launcher's MOR hook: clears guest RAM and keeps what the last clear cost, for the reset's log line. */
    private static final class TimedMemoryClear implements MemoryClearer {
        private final GuestRam ram;
        private volatile long nanos = -1;

        TimedMemoryClear(GuestRam ram) {
            this.ram = ram;
        }

        @Override
        public void clearGuestMemory() {
            long start = System.nanoTime();
            ram.clear();
            nanos = System.nanoTime() - start;
        }

        void forget() {
            nanos = -1;
        }

        String describe() {
            long n = nanos;
            return n < 0 ? "MOR ClearMemory not set, guest RAM kept"
                    : String.format("MOR ClearMemory: %d MiB of guest RAM cleared in %d ms", ram.size() >> 20,
                            n / 1_000_000);
        }
    }

    public TpmInterface kind() {
        return kind;
    }

    @Override
    public void close() {
        window.close();
        try {
            backend.powerOff();
        } finally {
            backend.close();
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
