package io.jvtpm.engine;

/**
 * A {@link TpmBackend} whose host side can be driven the way swtpm's control channel and the
 * mssim platform socket drive a TPM: power with or without the saved volatile state, the H-CRTM
 * sequence (_TPM_Hash_Start/Data/End, TPM 2.0 Library Part 3 section 6), state blobs, physical
 * presence.
 */
public interface ManagedTpm extends TpmBackend {

    /** _TPM_Init (swtpm CMD_INIT); with {@code deleteVolatile} the saved volatile state is dropped first. */
    void init(boolean deleteVolatile);

    @Override
    default void init() {
        init(false);
    }

    /** True between {@link #init(boolean)} and {@link #powerOff()}. */
    boolean isRunning();

    /** _TPM_Hash_Start: begins an H-CRTM sequence (sent at locality 4). */
    void hashStart();

    /** _TPM_Hash_Data: more data for the H-CRTM sequence. */
    void hashData(byte[] data);

    /** _TPM_Hash_End: extends the digests into PCR[0] and sets tpmEstablished. */
    void hashEnd();

    /** Writes the volatile state to the state store now (swtpm CMD_STORE_VOLATILE). */
    void storeVolatile();

    /** The current serialized blob of one kind; an empty array when there is none. */
    byte[] getStateBlob(StateBlob kind);

    /**
     * Replaces one kind of state with {@code blob} (swtpm CMD_SET_STATEBLOB); only while the
     * TPM is not running.
     *
     * @throws TpmStateException when the blob is corrupt or of another kind; nothing changes
     */
    void setStateBlob(StateBlob kind, byte[] blob);

    /** Asserts or deasserts physical presence (mssim PHYS_PRES_ON/OFF). */
    void setPhysicalPresence(boolean asserted);

    /** The kinds of state blob swtpm's control channel moves (PTM_BLOB_TYPE_*). */
    enum StateBlob {
        PERMANENT(1), VOLATILE(2), SAVESTATE(3);

        private final int ptmType;

        StateBlob(int ptmType) {
            this.ptmType = ptmType;
        }

        /** The PTM_BLOB_TYPE_* number on swtpm's control channel. */
        public int ptmType() {
            return ptmType;
        }

        /** The kind for a PTM_BLOB_TYPE_* number, or null. */
        public static StateBlob ofPtmType(int type) {
            for (StateBlob b : values()) {
                if (b.ptmType == type) {
                    return b;
                }
            }
            return null;
        }
    }
}
