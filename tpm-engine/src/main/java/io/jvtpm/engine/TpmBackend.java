package io.jvtpm.engine;

/**
 * What a TPM interface device (TIS, CRB) or a server needs from a TPM: the contract of DESIGN.md
 * (execute, cancel, the tpmEstablishment flag, power hooks, buffer size), after the PC Client
 * Platform TPM Profile's view of the TPM behind its interface and swtpm's control channel.
 *
 * <p>Implementations are thread-safe. {@link #execute} may block for as long as the command runs
 * (a key generation can take 100 ms), so devices call it off the vCPU thread, except for commands
 * {@link #isQuick} names: those a device may run on the vCPU thread that started them.
 *
 * <p>Only {@link #execute} is abstract; every other method has the default that fits a TPM with
 * no control channel (nothing to cancel, never established, one buffer size), so a test double is
 * a few lines. A backend that has the feature overrides it; one that wraps another delegates all.
 */
public interface TpmBackend extends AutoCloseable {

    /** The buffer size a backend has unless it says otherwise: 4096 bytes, libtpms's and swtpm's default. */
    int DEFAULT_BUFFER_SIZE = 4096;

    /**
     * Runs one TPM command sent from {@code locality} (0..4) and returns the whole response.
     * Never throws for anything the command bytes contain: a malformed command gets a
     * well-formed error response (TPM_RC_INSUFFICIENT, TPM_RC_BAD_TAG, ...).
     *
     * @throws TpmBackendException only when the backend itself fails (an external TPM went
     *         away, the state store cannot be written), never because of the command's content
     */
    byte[] execute(int locality, byte[] command);

    /**
     * True when this backend answers {@code command} without waiting on anything (no key
     * generation, no external TPM or socket) in about the time a VM exit takes, so that a device
     * may run it on the vCPU thread that started it and the guest's first status poll finds the
     * response (a polling driver otherwise sleeps a millisecond or more). A hint, never a promise:
     * a quick command may still write state to disk now and then. The default says false.
     */
    default boolean isQuick(byte[] command) {
        return false;
    }

    /**
     * Asks the TPM to cancel the command now running, if any (TPM_STS.commandCancel,
     * CRB CTRL_CANCEL, swtpm CMD_CANCEL_TPM_CMD). A command that is cancelled answers
     * TPM_RC_CANCELED; one that cannot be cancelled completes normally. The default cancels
     * nothing: the command completes normally, which the specification allows.
     */
    default void cancel() {
    }

    /**
     * The tpmEstablishment flag: true after a dynamic OS (H-CRTM) sequence until reset. The
     * default says false, as for a backend that never sees such a sequence.
     */
    default boolean isEstablished() {
        return false;
    }

    /**
     * Clears the tpmEstablishment flag, as TPM_STS.resetEstablishmentBit / CRB's register does.
     * The profile allows it only from locality 3 or 4; from other localities it is ignored.
     * The default does nothing, which fits the default {@link #isEstablished()}.
     */
    default void resetEstablished(int locality) {
    }

    /**
     * _TPM_Init: the platform was reset or powered on. The TPM then wants TPM2_Startup. Any
     * command in progress is abandoned; volatile state not saved by Shutdown(STATE) is lost.
     * The default does nothing, for a backend whose TPM is powered and reset elsewhere.
     */
    default void init() {
    }

    /**
     * The platform is powering off: the TPM stops and its permanent state is safely on disk.
     * A later {@link #init()} powers it on again. The default does nothing.
     */
    default void powerOff() {
    }

    /**
     * The largest command or response the TPM accepts, in bytes (TPM_PT_MAX_COMMAND_SIZE). The
     * default is {@link #DEFAULT_BUFFER_SIZE}, the size libtpms and swtpm start with.
     */
    default int bufferSize() {
        return DEFAULT_BUFFER_SIZE;
    }

    /**
     * Asks for a buffer size (swtpm CMD_SET_BUFFERSIZE): the backend picks the nearest size it
     * supports and returns it. Only valid while the TPM is not running; 0 just queries. The
     * default supports one size: it answers {@link #bufferSize()} whatever was asked.
     */
    default int setBufferSize(int requested) {
        return bufferSize();
    }

    /**
     * Releases what the backend holds (sockets, files); the permanent state is already saved.
     * The default holds nothing and does nothing.
     */
    @Override
    default void close() {
    }
}
