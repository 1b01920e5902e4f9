package io.jvtpm.ppi;

import io.jvtpm.acpi.aml.Aml;
import io.jvtpm.engine.TpmBackend;
import io.jvtpm.ppi.aml.PpiAml;
import io.jvtpm.ppi.exec.MemoryClearer;
import io.jvtpm.ppi.exec.PlatformHierarchyException;
import io.jvtpm.ppi.exec.PpiExecutor;
import io.jvtpm.ppi.exec.PpiOutcome;
import io.jvtpm.ppi.op.PpFlagStore;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.policy.Confirmer;
import io.jvtpm.ppi.policy.PpiPolicy;
import io.jvtpm.ppi.smi.PpiSmiHandler;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Physical Presence Interface (TCG PPI 1.3) of one TPM as a VMM wires it: the page to map as
 * guest RAM at {@link PpiPage#BASE}, the AML to append to the TPM's {@code Device}, the reset hook
 * and, for {@link PpiTransport#SMI}, the SMI command port hook. jvtpm's launcher wires it so:
 *
 * <pre>{@code
 * PpiDevice ppi = PpiDevice.builder(tpm)                       // the TpmBackend after _TPM_Init
 *         .page(PpiPage.wrap(guestPage))                      // or omit: a new page, see memory()
 *         .transport(PpiTransport.MEMORY)
 *         .policy(PpiPolicy.parse("confirm,23=allow"))        // MODE[,OP=MODE...]
 *         .stateDirectory(tpmStateDir)                        // keeps the PP-required flags
 *         .confirmer(new LineConfirmer(reader, writer))       // asks on a terminal
 *         .memoryClearer(guestRam::clear)                     // MOR
 *         .build();
 * List<Aml> terms = ppi.aml();                                // append inside Device (TPM)
 * // the SMI transport only: the VMM's write handler of port PpiSmiHandler.SMI_CMD_PORT calls
 * ppi.onSmi(value);
 * // at every reset, after the TPM's _TPM_Init and before the guest runs:
 * ppi.onReset();
 * // at every boot (the first too), after TPM2_Startup(CLEAR) and the measurements, before the
 * // guest's first instruction, as firmware does:
 * ppi.closePlatformHierarchy();
 * }</pre>
 *
 * <p>A VMM whose guest runs its own firmware (SeaBIOS, OVMF) leaves the last step to that
 * firmware, which closes the platform hierarchy itself.
 */
public final class PpiDevice {
    /** The I/O port the SMI transport's _DSM writes (FADT.SMI_CMD, the APM control port). */
    public static final int SMI_COMMAND_PORT = PpiSmiHandler.SMI_CMD_PORT;


    private final PpiTransport transport;
    private final PpiExecutor executor;
    private final PpiSmiHandler smi;
    private final List<Aml> aml;

    private PpiDevice(Builder b) {
        this.transport = b.transport;
        PpiExecutor.Builder eb = PpiExecutor.builder(b.page, b.tpm).policy(b.policy).confirmer(b.confirmer)
                .confirmTimeout(b.confirmTimeout).memoryClearer(b.memoryClearer)
                .flagStore(b.stateDirectory == null ? PpFlagStore.inMemory() : PpFlagStore.inDirectory(b.stateDirectory));
        this.executor = eb.build();
        this.smi = new PpiSmiHandler(executor, b.smiCommand);
        this.aml = PpiAml.deviceTerms(transport, b.smiCommand);
    }

    /** A builder for a PPI device in front of {@code tpm}. */
    public static Builder builder(TpmBackend tpm) {
        return new Builder(tpm);
    }

    /** The transport the AML uses. */
    public PpiTransport transport() {
        return transport;
    }

    /** The page. */
    public PpiPage page() {
        return executor.page();
    }

    /** The buffer to map as guest RAM at {@link PpiPage#BASE}. */
    public ByteBuffer memory() {
        return executor.page().buffer();
    }

    /** The AML terms to append to the TPM's {@code Device}. */
    public List<Aml> aml() {
        return aml;
    }

    /** The executor (policy, flags, status per operation). */
    public PpiExecutor executor() {
        return executor;
    }

    /** The value the AML writes to the SMI command port (SMI transport). */
    public int smiCommand() {
        return smi.command();
    }

    /** Guest reset: see {@link PpiExecutor#onReset()}. */
    public Optional<PpiOutcome> onReset() {
        return executor.onReset();
    }

    /**
     * Closes the platform hierarchy for the guest: see {@link PpiExecutor#closePlatformHierarchy()}.
     *
     * @throws PlatformHierarchyException when the TPM refuses; the guest must not run then
     */
    public void closePlatformHierarchy() throws PlatformHierarchyException {
        executor.closePlatformHierarchy();
    }

    /**
     * The guest wrote {@code value} to the SMI command port (0xB2). With the memory transport the
     * AML never raises this SMI and the call does nothing.
     */
    public void onSmi(int value) {
        if (transport == PpiTransport.SMI) {
            smi.onSmi(value);
        }
    }

    /** Builds a {@link PpiDevice}; defaults: memory transport, policy confirm, flags in memory. */
    public static final class Builder {
        private final TpmBackend tpm;
        private PpiPage page;
        private PpiTransport transport = PpiTransport.MEMORY;
        private int smiCommand = PpiSmiHandler.DEFAULT_COMMAND;
        private PpiPolicy policy = PpiPolicy.CONFIRM;
        private Path stateDirectory;
        private Confirmer confirmer = Confirmer.refuseAll();
        private Duration confirmTimeout = Duration.ofSeconds(60);
        private MemoryClearer memoryClearer;

        private Builder(TpmBackend tpm) {
            this.tpm = Objects.requireNonNull(tpm, "tpm");
        }

        /** The page (default: a new one from {@link PpiPage#allocate()}). */
        public Builder page(PpiPage p) {
            this.page = Objects.requireNonNull(p, "page");
            return this;
        }

        /** Memory or SMI. */
        public Builder transport(PpiTransport t) {
            this.transport = Objects.requireNonNull(t, "transport");
            return this;
        }

        /** The SMI command value (default {@link PpiSmiHandler#DEFAULT_COMMAND}). */
        public Builder smiCommand(int value) {
            if (value < 0 || value > 0xFF) {
                throw new IllegalArgumentException("SMI command value must be a byte: " + value);
            }
            this.smiCommand = value;
            return this;
        }

        /** The host policy. */
        public Builder policy(PpiPolicy p) {
            this.policy = Objects.requireNonNull(p, "policy");
            return this;
        }

        /** The directory that keeps the PP-required flags (file {@code ppi-flags}); none = in memory. */
        public Builder stateDirectory(Path dir) {
            this.stateDirectory = dir;
            return this;
        }

        /** Who confirms operations that need physical presence. */
        public Builder confirmer(Confirmer c) {
            this.confirmer = Objects.requireNonNull(c, "confirmer");
            return this;
        }

        /** How long to wait for the confirmer. */
        public Builder confirmTimeout(Duration d) {
            this.confirmTimeout = Objects.requireNonNull(d, "confirmTimeout");
            return this;
        }

        /** The VMM's guest RAM clear for MOR. */
        public Builder memoryClearer(MemoryClearer m) {
            this.memoryClearer = Objects.requireNonNull(m, "memoryClearer");
            return this;
        }

        /**
         * The device.
         *
         * @throws io.jvtpm.ppi.op.PpFlagStoreException when the stored flags are corrupt
         */
        public PpiDevice build() {
            if (page == null) {
                page = PpiPage.allocate();
            }
            if (memoryClearer == null) {
                throw new IllegalStateException("a PPI device needs the VMM's memory clear hook for MOR");
            }
            return new PpiDevice(this);
        }
    }
}
