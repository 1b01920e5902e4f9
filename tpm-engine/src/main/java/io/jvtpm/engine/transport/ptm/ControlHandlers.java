package io.jvtpm.engine.transport.ptm;

import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.wire.TpmWire;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One handler per swtpm control message (swtpm's ctrlchannel and tpm_ioctl.h: PTM_GET_CAPABILITY,
 * PTM_INIT, ..., PTM_GET_INFO), each answering with swtpm's layout and result codes: TPM_BAD_ORDINAL
 * for a message out of order (the TPM stopped or running), TPM_BAD_PARAMETER for short or surplus
 * bytes, TPM_BAD_LOCALITY for a locality out of range.
 */
final class ControlHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ControlHandlers.class);
    /** ptm_getinfo's response buffer. */
    static final int INFO_BUFFER = 3 * 1024;
    /** PTM_STATE_FLAG_ENCRYPTED. */
    static final int STATE_FLAG_ENCRYPTED = 2;

    private final SwtpmSession session;
    private final ManagedTpm tpm;

    ControlHandlers(SwtpmSession session) {
        this.session = session;
        this.tpm = session.tpm();
    }

    /** The handler of every control message. */
    Map<PtmCommand, ControlHandler> byCommand() {
        Map<PtmCommand, ControlHandler> m = new EnumMap<>(PtmCommand.class);
        m.put(PtmCommand.GET_CAPABILITY, this::getCapability);
        m.put(PtmCommand.INIT, this::init);
        m.put(PtmCommand.SHUTDOWN, this::powerOff);
        m.put(PtmCommand.GET_TPMESTABLISHED, this::getTpmEstablished);
        m.put(PtmCommand.SET_LOCALITY, this::setLocality);
        m.put(PtmCommand.HASH_START, this::hashStart);
        m.put(PtmCommand.HASH_DATA, this::hashData);
        m.put(PtmCommand.HASH_END, this::hashEnd);
        m.put(PtmCommand.CANCEL_TPM_CMD, this::cancelTpmCmd);
        m.put(PtmCommand.STORE_VOLATILE, this::storeVolatile);
        m.put(PtmCommand.RESET_TPMESTABLISHED, this::resetTpmEstablished);
        m.put(PtmCommand.GET_STATEBLOB, this::getStateBlob);
        m.put(PtmCommand.SET_STATEBLOB, this::setStateBlob);
        m.put(PtmCommand.STOP, this::powerOff);
        m.put(PtmCommand.GET_CONFIG, this::getConfig);
        m.put(PtmCommand.SET_DATAFD, this::setDataFd);
        m.put(PtmCommand.SET_BUFFERSIZE, this::setBufferSize);
        m.put(PtmCommand.GET_INFO, this::getInfo);
        return m;
    }

    /** PTM_GET_CAPABILITY: the 64-bit mask of the messages served. */
    byte[] getCapability(ControlChannel.Message m) {
        byte[] r = new byte[8];
        long caps = PtmCapability.all();
        TpmWire.putU32(r, 0, (int) (caps >>> 32));
        TpmWire.putU32(r, 4, (int) caps);
        return r;
    }

    /** PTM_INIT: _TPM_Init, bit 0 of the flags dropping a stored volatile state. */
    byte[] init(ControlChannel.Message m) {
        if (m.body().length != 4) {
            return result(PtmResult.BAD_PARAMETER);
        }
        boolean deleteVolatile = (TpmWire.u32(m.body(), 0) & 1) != 0;
        try {
            tpm.init(deleteVolatile);
            return result(PtmResult.SUCCESS);
        } catch (TpmBackendException e) {
            LOG.error("CMD_INIT failed: {}", e.getMessage());
            return result(PtmResult.FAIL);
        }
    }

    /** PTM_STOP and PTM_SHUTDOWN: the TPM powers off (the channel ends after PTM_SHUTDOWN). */
    byte[] powerOff(ControlChannel.Message m) {
        if (m.body().length != 0) {
            return result(PtmResult.BAD_PARAMETER);
        }
        try {
            if (tpm.isRunning()) {
                tpm.powerOff();
            }
            return result(PtmResult.SUCCESS);
        } catch (TpmBackendException e) {
            LOG.error("powering the TPM off failed: {}", e.getMessage());
            return result(PtmResult.FAIL);
        }
    }

    /** PTM_GET_TPMESTABLISHED: the tpmEstablished bit. */
    byte[] getTpmEstablished(ControlChannel.Message m) {
        byte[] refused = refusedWhileStopped(m, 0);
        if (refused != null) {
            return refused;
        }
        byte[] r = new byte[8];
        r[4] = (byte) (tpm.isEstablished() ? 1 : 0);
        return r;
    }

    /** PTM_RESET_TPMESTABLISHED: clears tpmEstablished from locality 3 or 4. */
    byte[] resetTpmEstablished(ControlChannel.Message m) {
        if (!tpm.isRunning()) {
            return result(PtmResult.BAD_ORDINAL);
        }
        if (m.body().length < 1) {
            return result(PtmResult.BAD_PARAMETER);
        }
        int loc = m.body()[0] & 0xff;
        if (loc != 3 && loc != 4) {
            return result(PtmResult.BAD_LOCALITY);
        }
        tpm.resetEstablished(loc);
        return result(PtmResult.SUCCESS);
    }

    /** PTM_SET_LOCALITY: the locality of the following commands, 0..4. */
    byte[] setLocality(ControlChannel.Message m) {
        if (m.body().length < 1) {
            return result(PtmResult.BAD_PARAMETER);
        }
        int loc = m.body()[0] & 0xff;
        if (loc > 4) {
            return result(PtmResult.BAD_LOCALITY);
        }
        session.setLocality(loc);
        return result(PtmResult.SUCCESS);
    }

    /** PTM_HASH_START: _TPM_Hash_Start. */
    byte[] hashStart(ControlChannel.Message m) {
        return whileRunning(m, tpm::hashStart);
    }

    /** PTM_HASH_DATA: _TPM_Hash_Data with a uint32 length and exactly that many bytes. */
    byte[] hashData(ControlChannel.Message m) {
        if (!tpm.isRunning()) {
            return result(PtmResult.BAD_ORDINAL);
        }
        byte[] b = m.body();
        if (b.length < 4 || Integer.toUnsignedLong(TpmWire.u32(b, 0)) != b.length - 4L) {
            return result(PtmResult.BAD_PARAMETER);
        }
        tpm.hashData(Arrays.copyOfRange(b, 4, b.length));
        return result(PtmResult.SUCCESS);
    }

    /** PTM_HASH_END: _TPM_Hash_End. */
    byte[] hashEnd(ControlChannel.Message m) {
        return whileRunning(m, tpm::hashEnd);
    }

    /**
     * PTM_CANCEL_TPM_CMD: asks the running command to stop. The signal goes out before anything
     * that waits for the TPM (a running command holds it, so asking whether it runs would wait for
     * the very command to be cancelled); the answer then says whether the TPM runs.
     */
    byte[] cancelTpmCmd(ControlChannel.Message m) {
        if (m.body().length == 0) {
            tpm.cancel();
        }
        byte[] refused = refusedWhileStopped(m, 0);
        return refused != null ? refused : result(PtmResult.SUCCESS);
    }

    /** PTM_STORE_VOLATILE: writes the volatile state to the state store. */
    byte[] storeVolatile(ControlChannel.Message m) {
        return whileRunning(m, tpm::storeVolatile);
    }

    /** PTM_GET_STATEBLOB: flags, type, offset; answers the blob from the offset on. */
    byte[] getStateBlob(ControlChannel.Message m) {
        if (!tpm.isRunning()) {
            return result(PtmResult.BAD_ORDINAL);
        }
        if (m.body().length < 12) {
            return result(PtmResult.BAD_PARAMETER);
        }
        ManagedTpm.StateBlob kind = ManagedTpm.StateBlob.ofPtmType(TpmWire.u32(m.body(), 4));
        if (kind == null) {
            return stateBlobHeader(PtmResult.BAD_PARAMETER, 0);
        }
        byte[] blob;
        try {
            blob = tpm.getStateBlob(kind);
        } catch (TpmBackendException e) {
            LOG.error("reading the {} state failed: {}", kind, e.getMessage());
            return stateBlobHeader(PtmResult.FAIL, 0);
        }
        long off = Integer.toUnsignedLong(TpmWire.u32(m.body(), 8));
        int len = off < blob.length ? blob.length - (int) off : 0;
        byte[] r = Arrays.copyOf(stateBlobHeader(PtmResult.SUCCESS, len), 16 + len);
        System.arraycopy(blob, (int) Math.min(off, blob.length), r, 16, len);
        return r;
    }

    private static byte[] stateBlobHeader(PtmResult res, int length) {
        byte[] r = new byte[16];
        TpmWire.putU32(r, 0, res.code());
        TpmWire.putU32(r, 8, length);
        TpmWire.putU32(r, 12, length);
        return r;
    }

    /** PTM_SET_STATEBLOB (TPM stopped): flags, type, length and the blob, checked before it is stored. */
    byte[] setStateBlob(ControlChannel.Message m) {
        if (tpm.isRunning()) {
            return result(PtmResult.BAD_ORDINAL);
        }
        byte[] b = m.body();
        if (b.length < 12) {
            return result(PtmResult.BAD_PARAMETER);
        }
        ManagedTpm.StateBlob kind = ManagedTpm.StateBlob.ofPtmType(TpmWire.u32(b, 4));
        byte[] data = Arrays.copyOfRange(b, 12, b.length);
        if (kind == null || (TpmWire.u32(b, 0) & STATE_FLAG_ENCRYPTED) != 0
                || Integer.toUnsignedLong(TpmWire.u32(b, 8)) != data.length) {
            return result(PtmResult.BAD_PARAMETER);
        }
        try {
            tpm.setStateBlob(kind, data);
            return result(PtmResult.SUCCESS);
        } catch (TpmStateException e) {
            LOG.debug("rejected {} state blob: {}", kind, e.getMessage());
            return result(PtmResult.BAD_PARAMETER);
        } catch (TpmBackendException e) {
            LOG.error("storing the {} state failed: {}", kind, e.getMessage());
            return result(PtmResult.FAIL);
        }
    }

    /** PTM_GET_CONFIG: no flags (no state encryption, no keys). */
    byte[] getConfig(ControlChannel.Message m) {
        if (m.body().length != 0) {
            return result(PtmResult.BAD_PARAMETER);
        }
        return new byte[8];
    }

    /** PTM_SET_DATAFD: the descriptor that came along becomes the data channel (SUCCESS: the session owns it). */
    byte[] setDataFd(ControlChannel.Message m) {
        return result(session.offerDataFd(m.fd().orElse(-1)));
    }

    /** PTM_SET_BUFFERSIZE: 0 asks; another size (TPM stopped) is clamped to the limits and set. */
    byte[] setBufferSize(ControlChannel.Message m) {
        if (m.body().length < 4) {
            return result(PtmResult.BAD_PARAMETER);
        }
        int requested = TpmWire.u32(m.body(), 0);
        if (requested != 0 && tpm.isRunning()) {
            return result(PtmResult.BAD_ORDINAL);
        }
        int size;
        if (requested == 0) {
            size = tpm.bufferSize();
        } else {
            long clamped = Math.max(session.minBufferSize(),
                    Math.min(session.maxBufferSize(), Integer.toUnsignedLong(requested)));
            size = tpm.setBufferSize((int) clamped);
        }
        byte[] r = new byte[16];
        TpmWire.putU32(r, 4, size);
        TpmWire.putU32(r, 8, session.minBufferSize());
        TpmWire.putU32(r, 12, session.maxBufferSize());
        return r;
    }

    /** PTM_GET_INFO: uint64 flags and a uint32 offset into the JSON text they select. */
    byte[] getInfo(ControlChannel.Message m) {
        byte[] b = m.body();
        if (b.length < 16) {
            return result(PtmResult.BAD_PARAMETER);
        }
        long flags = ((long) TpmWire.u32(b, 0) << 32) | Integer.toUnsignedLong(TpmWire.u32(b, 4));
        long offset = Integer.toUnsignedLong(TpmWire.u32(b, 8));
        String text = session.info().info(flags);
        if (text == null) {
            return result(PtmResult.FAIL);
        }
        byte[] s = text.getBytes(StandardCharsets.US_ASCII);
        if (offset >= s.length) {
            return result(PtmResult.BAD_PARAMETER);
        }
        int total = s.length + 1;
        int len = (int) Math.min(total - offset, INFO_BUFFER);
        byte[] r = new byte[12 + len];
        TpmWire.putU32(r, 4, total);
        TpmWire.putU32(r, 8, len);
        System.arraycopy(s, (int) offset, r, 12, Math.min(len, s.length - (int) offset));
        return r;
    }

    /** A message without a body that runs {@code action} on a running TPM. */
    private byte[] whileRunning(ControlChannel.Message m, Runnable action) {
        byte[] refused = refusedWhileStopped(m, 0);
        if (refused != null) {
            return refused;
        }
        action.run();
        return result(PtmResult.SUCCESS);
    }

    /** BAD_ORDINAL while the TPM is stopped, BAD_PARAMETER for a body not of {@code size} bytes, else null. */
    private byte[] refusedWhileStopped(ControlChannel.Message m, int size) {
        if (!tpm.isRunning()) {
            return result(PtmResult.BAD_ORDINAL);
        }
        return m.body().length != size ? result(PtmResult.BAD_PARAMETER) : null;
    }

    /** A bare result code. */
    static byte[] result(PtmResult r) {
        byte[] b = new byte[4];
        TpmWire.putU32(b, 0, r.code());
        return b;
    }
}
