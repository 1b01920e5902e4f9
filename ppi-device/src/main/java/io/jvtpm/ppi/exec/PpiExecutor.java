package io.jvtpm.ppi.exec;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.ppi.op.PpFlag;
import io.jvtpm.ppi.op.PpFlagStore;
import io.jvtpm.ppi.op.PpFlagStoreException;
import io.jvtpm.ppi.op.PpFlags;
import io.jvtpm.ppi.op.PpiOperation;
import io.jvtpm.ppi.page.PpiFuncStatus;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.page.PpiResponse;
import io.jvtpm.ppi.policy.ConfirmationRequest;
import io.jvtpm.ppi.policy.Confirmer;
import io.jvtpm.ppi.policy.Decision;
import io.jvtpm.ppi.policy.PpiPolicy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of TCG PPI 1.3 for a TPM 2.0: at guest reset it does what platform firmware
 * does before the OS runs. The VMM calls {@link #onReset()} after the TPM's _TPM_Init and before
 * the guest's first instruction; the executor then
 * <ol>
 *   <li>asks the VMM to clear guest RAM when MOVV bit 0 (MOR ClearMemory) is set, then clears that bit
 *       (TCG PC Client Platform Reset Attack Mitigation Specification 1.10: the platform overwrites
 *       memory before the OS runs and the request is then done; the OS sets the bit again at each
 *       boot for which it keeps secrets in memory, as EDK II's MOR driver expects); bit 4
 *       (DisableAutoDetect) is kept, and since this platform does not detect an orderly shutdown
 *       itself, a set ClearMemory bit always clears memory;</li>
 *   <li>takes the pending operation from PPRQ/PPRM and clears both;</li>
 *   <li>decides by the {@link PpiPolicy} and the persistent PP-required flags whether it runs,
 *       asks the host operator through the {@link Confirmer} when it needs confirmation (no answer
 *       within the timeout is a refusal), and runs it against the TPM with platform authority
 *       (TPM_RH_PLATFORM, empty password), after TPM2_Startup(CLEAR);</li>
 *   <li>for operations that take effect at the next _TPM_Init (clear, PCR banks, EPS), resets the
 *       TPM once more ({@link TpmBackend#init()} and Startup(CLEAR)), as firmware reboots;</li>
 *   <li>records the operation in LPPR and the response in PPRP (0 success, 0xFFFFFFF0 user abort,
 *       0xFFFFFFF1 BIOS failure), and rewrites {@code func[]} for the current flags.</li>
 * </ol>
 * When it ran an operation, the TPM is left started, as firmware leaves it: a Linux kernel's
 * {@code tpm2_auto_startup} then sees TPM2_SelfTest succeed and sends no Startup of its own (it
 * sends Startup only when SelfTest answers TPM_RC_INITIALIZE). With nothing pending the TPM is not
 * touched. A guest running its own PPI-aware firmware (SeaBIOS, OVMF) should not use this
 * executor: the firmware reads the same page.
 *
 * <p>Before the OS runs, at every boot and after the VMM's measurements, the VMM calls
 * {@link #closePlatformHierarchy()}, as firmware closes the platform hierarchy: the guest then has
 * no platform authority (no TPM2_Clear, ChangeEPS, ChangePPS, PCR_Allocate or ClockSet through
 * TPM_RH_PLATFORM), so the operations above happen only here, under the host's policy. The next
 * _TPM_Init and TPM2_Startup(CLEAR) open it again (TPM 2.0 Library Part 3, 9.3: phEnable SET,
 * platformAuth empty), which is where {@link #onReset()} runs the pending operation.
 *
 * <p>Refusals by policy or by the operator are recorded as user abort; operations the platform
 * does not implement, invalid parameters and TPM errors (including command codes the TPM does not
 * support) as BIOS failure. Nothing the guest wrote into the page makes this class throw.
 */
public final class PpiExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(PpiExecutor.class);
    /** The size of the random platformAuth: a SHA-256 digest, within any TPM's context integrity hash. */
    static final int PLATFORM_AUTH_SIZE = 32;

    private final PpiPage page;
    private final PlatformTpm tpm;
    private final TpmBackend backend;
    private final PpiPolicy policy;
    private final PpFlagStore flagStore;
    private final Confirmer confirmer;
    private final Duration confirmTimeout;
    private final MemoryClearer memoryClearer;
    private final SecureRandom random = new SecureRandom();
    private PpFlags flags;

    private PpiExecutor(Builder b) {
        this.page = b.page;
        this.backend = b.tpm;
        this.tpm = new PlatformTpm(b.tpm);
        this.policy = b.policy;
        this.flagStore = b.flagStore;
        this.confirmer = b.confirmer;
        this.confirmTimeout = b.confirmTimeout;
        this.memoryClearer = b.memoryClearer;
        this.flags = flagStore.load();
        initializePage();
    }

    /** A builder for an executor over {@code page} and {@code tpm}. */
    public static Builder builder(PpiPage page, TpmBackend tpm) {
        return new Builder(page, tpm);
    }

    /** The page this executor serves. */
    public PpiPage page() {
        return page;
    }

    /** The policy in force. */
    public PpiPolicy policy() {
        return policy;
    }

    /** The PP-required flags in force. */
    public synchronized PpFlags flags() {
        return flags;
    }

    /**
     * The status of operation {@code operation} now (TCG PPI 1.3 function 8): not implemented for
     * values this platform does not implement, else what the policy and the flags make it.
     */
    public synchronized PpiFuncStatus statusOf(long operation) {
        return PpiOperation.ofCode(operation)
                .map(op -> policy.status(op, flags))
                .orElse(PpiFuncStatus.NOT_IMPLEMENTED);
    }

    /** Sets PPIN and rewrites func[] for the current policy and flags. */
    public synchronized void initializePage() {
        page.setPpin(1);
        FuncTable.write(page, policy, flags);
    }

    /**
     * Guest reset: clears guest RAM if MOR asks for it, then runs the pending operation if any.
     * Call after the TPM's _TPM_Init and before the guest runs. Nothing in the page makes this
     * throw; an exception from the VMM's {@link MemoryClearer} is passed on (the guest must not
     * run with its memory uncleared).
     *
     * @return what the pending operation came to, or empty when none was pending
     */
    public synchronized Optional<PpiOutcome> onReset() {
        if (page.memoryClearRequested()) {
            LOG.debug("MOR ClearMemory set: clearing guest memory");
            memoryClearer.clearGuestMemory();
            // the overwrite is done: ClearMemory goes back to 0 before the OS runs (DisableAutoDetect stays),
            // so an OS that wants the next reset to clear memory sets it again at its boot
            page.setMovv(page.movv() & ~PpiPage.MOVV_CLEAR_MEMORY);
        }
        long request = page.pprq();
        long parameter = page.pprm();
        Optional<PpiOutcome> outcome = Optional.empty();
        if (request != PpiOperation.NO_ACTION.code()) {
            page.setPprq(0);
            page.setPprm(0);
            PpiOutcome o = run(request, parameter);
            page.setLppr(request);
            page.setPprp(o.response().code());
            LOG.info("PPI operation {} (parameter 0x{}): {} - {}", request,
                    Long.toHexString(parameter), o.response(), o.detail());
            outcome = Optional.of(o);
        }
        initializePage();
        return outcome;
    }

    private PpiOutcome run(long request, long parameter) {
        Optional<PpiOperation> known = PpiOperation.ofCode(request);
        if (known.isEmpty()) {
            return new PpiOutcome(request, PpiResponse.BIOS_FAILURE, "operation not implemented");
        }
        PpiOperation op = known.get();
        switch (policy.decide(op, flags)) {
            case REFUSE:
                return new PpiOutcome(request, PpiResponse.USER_ABORT, "refused by the host policy");
            case ASK:
                if (!askOperator(new ConfirmationRequest(op, parameter))) {
                    return new PpiOutcome(request, PpiResponse.USER_ABORT, "the host operator did not confirm");
                }
                break;
            case RUN:
                break;
            default:
                throw new AssertionError();
        }
        try {
            String detail = perform(op, parameter);
            return new PpiOutcome(request, PpiResponse.SUCCESS, detail);
        } catch (TpmCommandFailure e) {
            return new PpiOutcome(request, PpiResponse.BIOS_FAILURE, e.getMessage());
        } catch (InvalidRequest e) {
            return new PpiOutcome(request, PpiResponse.BIOS_FAILURE, e.getMessage());
        } catch (PpFlagStoreException e) {
            LOG.error("PPI flags not saved", e);
            return new PpiOutcome(request, PpiResponse.BIOS_FAILURE, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("PPI operation {} failed in the TPM backend", request, e);
            return new PpiOutcome(request, PpiResponse.BIOS_FAILURE, "TPM backend failed: " + e.getMessage());
        }
    }

    private String perform(PpiOperation op, long parameter) throws TpmCommandFailure, InvalidRequest {
        switch (op) {
            case NO_ACTION:
                return "nothing to do";
            case CLEAR, ENABLE_CLEAR, ENABLE_CLEAR_2, ENABLE_CLEAR_3:
                tpm.startupClear();
                tpm.clearControl(false);
                tpm.clear();
                restartTpm();
                return "TPM cleared";
            case SET_PCR_BANKS:
                tpm.startupClear();
                allocate(parameter);
                restartTpm();
                return String.format(Locale.ROOT, "PCR banks set to bitmap 0x%x", parameter);
            case LOG_ALL_DIGESTS:
                tpm.startupClear();
                long all = allocate(-1);
                restartTpm();
                return String.format(Locale.ROOT, "all PCR banks active (bitmap 0x%x)", all);
            case CHANGE_EPS:
                tpm.startupClear();
                tpm.changeEps();
                restartTpm();
                return "endorsement primary seed changed";
            case SET_PP_REQUIRED_FOR_CLEAR_TRUE:
                return setFlag(PpFlag.PP_REQUIRED_FOR_CLEAR, true);
            case SET_PP_REQUIRED_FOR_CLEAR_FALSE:
                return setFlag(PpFlag.PP_REQUIRED_FOR_CLEAR, false);
            case SET_PP_REQUIRED_FOR_CHANGE_PCRS_TRUE:
                return setFlag(PpFlag.PP_REQUIRED_FOR_CHANGE_PCRS, true);
            case SET_PP_REQUIRED_FOR_CHANGE_PCRS_FALSE:
                return setFlag(PpFlag.PP_REQUIRED_FOR_CHANGE_PCRS, false);
            case SET_PP_REQUIRED_FOR_CHANGE_EPS_TRUE:
                return setFlag(PpFlag.PP_REQUIRED_FOR_CHANGE_EPS, true);
            case SET_PP_REQUIRED_FOR_CHANGE_EPS_FALSE:
                return setFlag(PpFlag.PP_REQUIRED_FOR_CHANGE_EPS, false);
            default:
                throw new AssertionError(op);
        }
    }

    /**
     * Allocates the banks named by {@code bitmap} (every supported bank when negative) and returns
     * the bitmap allocated. Banks the bitmap cannot name keep their allocation.
     */
    private long allocate(long bitmap) throws TpmCommandFailure, InvalidRequest {
        List<PcrSelection> current = tpm.pcrAllocation();
        long supported = 0;
        for (PcrSelection s : current) {
            PcrBank bank = PcrBank.ofAlgId(s.alg());
            if (bank != null) {
                supported |= bank.bit();
            }
        }
        long wanted = bitmap < 0 ? supported : bitmap;
        if (wanted == 0 || (wanted & ~supported) != 0) {
            throw new InvalidRequest(String.format(Locale.ROOT,
                    "PCR bank bitmap 0x%x is empty or names banks outside the supported 0x%x", wanted, supported));
        }
        List<PcrSelection> next = new ArrayList<>();
        for (PcrSelection s : current) {
            PcrBank bank = PcrBank.ofAlgId(s.alg());
            if (bank == null) {
                next.add(s);
            } else {
                next.add(new PcrSelection(s.alg(), (wanted & bank.bit()) != 0 ? PcrSelection.ALL_PCRS : 0));
            }
        }
        if (!tpm.pcrAllocate(next)) {
            throw new TpmCommandFailure("TPM2_PCR_Allocate answered allocationSuccess = NO");
        }
        return wanted;
    }

    /** _TPM_Init and Startup(CLEAR) again, so a change that waits for the next reset is in force. */
    private void restartTpm() throws TpmCommandFailure {
        backend.init();
        tpm.startupClear();
    }

    private String setFlag(PpFlag flag, boolean value) {
        PpFlags next = flags.with(flag, value);
        flagStore.save(next);
        flags = next;
        return flag.key() + " PP-required flag " + (value ? "set" : "cleared");
    }

    private boolean askOperator(ConfirmationRequest request) {
        ExecutorService asker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ppi-confirm");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Boolean> answer = asker.submit(() -> confirmer.confirm(request));
            try {
                return Boolean.TRUE.equals(answer.get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                answer.cancel(true);
                LOG.info("no answer from the host operator within {}", confirmTimeout);
                return false;
            } catch (ExecutionException e) {
                LOG.warn("asking the host operator failed", e.getCause());
                return false;
            } catch (InterruptedException e) {
                answer.cancel(true);
                Thread.currentThread().interrupt();
                return false;
            }
        } finally {
            asker.shutdownNow();
        }
    }

    /**
     * Closes the platform hierarchy for the OS, as platform firmware does before it boots one (TCG
     * TPM v2.0 Provisioning Guidance: platformAuth random or the hierarchy disabled; SeaBIOS and
     * OVMF set a random platformAuth, coreboot disables it): TPM2_HierarchyChangeAuth(TPM_RH_PLATFORM)
     * from the empty platformAuth to 32 random bytes, then
     * TPM2_HierarchyControl(TPM_RH_PLATFORM, TPM_RH_PLATFORM, NO) with them, so phEnable is CLEAR
     * and a platform-authorized command answers TPM_RC_HIERARCHY. The random value is forgotten at
     * once: nothing, the host included, has platform authority until the next _TPM_Init and
     * TPM2_Startup(CLEAR), which this executor's {@link #onReset()} needs and does.
     *
     * <p>Call at every boot after TPM2_Startup(CLEAR) and the boot measurements, before the
     * guest's first instruction; a failure means the guest must not run.
     *
     * @throws PlatformHierarchyException when the TPM refuses (e.g. platformAuth is not empty:
     *         the TPM was not started anew)
     */
    public synchronized void closePlatformHierarchy() throws PlatformHierarchyException {
        byte[] auth = new byte[PLATFORM_AUTH_SIZE];
        random.nextBytes(auth);
        try {
            tpm.changePlatformAuth(auth);
            tpm.disablePlatformHierarchy(auth);
        } catch (TpmCommandFailure e) {
            throw new PlatformHierarchyException("cannot close the platform hierarchy: " + e.getMessage(), e);
        } finally {
            Arrays.fill(auth, (byte) 0);
        }
        LOG.debug("platform hierarchy closed: random platformAuth, phEnable CLEAR");
    }

    /** A request whose parameter the platform rejects (TCG PPI 1.3: BIOS failure). */
    private static final class InvalidRequest extends Exception {
        InvalidRequest(String message) {
            super(message);
        }
    }

    /** Builds a {@link PpiExecutor}; defaults: policy confirm, flags in memory, no operator. */
    public static final class Builder {
        private final PpiPage page;
        private final TpmBackend tpm;
        private PpiPolicy policy = PpiPolicy.CONFIRM;
        private PpFlagStore flagStore = PpFlagStore.inMemory();
        private Confirmer confirmer = Confirmer.refuseAll();
        private Duration confirmTimeout = Duration.ofSeconds(60);
        private MemoryClearer memoryClearer = () -> LOG.warn("MOR asked for a memory clear but the VMM gave no hook");

        private Builder(PpiPage page, TpmBackend tpm) {
            this.page = Objects.requireNonNull(page, "page");
            this.tpm = Objects.requireNonNull(tpm, "tpm");
        }

        /** The host policy (default {@link PpiPolicy#CONFIRM}). */
        public Builder policy(PpiPolicy p) {
            this.policy = Objects.requireNonNull(p, "policy");
            return this;
        }

        /** Where the PP-required flags persist (default: in memory only). */
        public Builder flagStore(PpFlagStore s) {
            this.flagStore = Objects.requireNonNull(s, "flagStore");
            return this;
        }

        /** Who answers confirmation requests (default: nobody, i.e. refused). */
        public Builder confirmer(Confirmer c) {
            this.confirmer = Objects.requireNonNull(c, "confirmer");
            return this;
        }

        /** How long to wait for the operator (default 60 s). */
        public Builder confirmTimeout(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("confirmation timeout is negative: " + d);
            }
            this.confirmTimeout = d;
            return this;
        }

        /** The VMM's guest-memory clear for MOR. */
        public Builder memoryClearer(MemoryClearer m) {
            this.memoryClearer = Objects.requireNonNull(m, "memoryClearer");
            return this;
        }

        /**
         * The executor; it loads the flags and initializes the page (PPIN, func[]).
         *
         * @throws PpFlagStoreException when the stored flags are unreadable or corrupt
         */
        public PpiExecutor build() {
            return new PpiExecutor(this);
        }
    }
}
