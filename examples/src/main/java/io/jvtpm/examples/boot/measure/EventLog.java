package io.jvtpm.examples.boot.measure;

import io.jvtpm.engine.wire.HashAlgorithm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TCG crypto-agile event log (TCG PC Client Platform Firmware Profile, section 10.2-10.4):
 * first a TCG_PCR_EVENT in SHA-1 format whose data is a TCG_EfiSpecIdEvent ("Spec ID Event03",
 * the banks and their digest sizes), then one TCG_PCR_EVENT2 per measurement with a
 * TPML_DIGEST_VALUES of every bank. All fields are little-endian. The log fits in a fixed area
 * (the TPM2 table's LAML).
 */
public final class EventLog {

    /** TCG_EfiSpecIdEvent.signature, NUL-terminated. */
    public static final String SPEC_ID_SIGNATURE = "Spec ID Event03";
    /** platformClass 0: client. */
    public static final int PLATFORM_CLASS_CLIENT = 0;
    public static final int SPEC_VERSION_MINOR = 0;
    public static final int SPEC_VERSION_MAJOR = 2;
    public static final int SPEC_ERRATA = 2;
    /** uintnSize 2: UINTN is 64 bits. */
    public static final int UINTN_SIZE_64 = 2;

    /** One logged measurement (TCG_PCR_EVENT2): its digests are in bank order. */
    public record Event(int pcr, TcgEventType type, Map<HashAlgorithm, byte[]> digests, byte[] data) {
    }

    private final List<HashAlgorithm> banks;
    private final int capacity;
    private final ByteBuffer buffer;
    private final List<Event> events = new ArrayList<>();

    /**
     * A log for the given PCR banks, at most {@code capacity} bytes.
     *
     * @throws IllegalArgumentException if the banks are empty or the header alone does not fit
     */
    public EventLog(List<HashAlgorithm> banks, int capacity) {
        if (banks.isEmpty()) {
            throw new IllegalArgumentException("an event log needs at least one PCR bank");
        }
        this.banks = List.copyOf(banks);
        this.capacity = capacity;
        byte[] specId = specIdEvent();
        int headerSize = 4 + 4 + 20 + 4 + specId.length;
        if (headerSize > capacity) {
            throw new IllegalArgumentException("event log area of " + capacity + " bytes cannot hold its " + headerSize + "-byte header");
        }
        buffer = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(0);
        buffer.putInt(TcgEventType.EV_NO_ACTION.code());
        buffer.put(new byte[20]);
        buffer.putInt(specId.length);
        buffer.put(specId);
    }

    public List<HashAlgorithm> banks() {
        return banks;
    }

    private byte[] specIdEvent() {
        ByteBuffer b = ByteBuffer.allocate(16 + 4 + 4 + 4 + banks.size() * 4 + 1).order(ByteOrder.LITTLE_ENDIAN);
        byte[] sig = Arrays.copyOf(SPEC_ID_SIGNATURE.getBytes(StandardCharsets.US_ASCII), 16);
        b.put(sig);
        b.putInt(PLATFORM_CLASS_CLIENT);
        b.put((byte) SPEC_VERSION_MINOR);
        b.put((byte) SPEC_VERSION_MAJOR);
        b.put((byte) SPEC_ERRATA);
        b.put((byte) UINTN_SIZE_64);
        b.putInt(banks.size());
        for (HashAlgorithm a : banks) {
            b.putShort((short) a.id());
            b.putShort((short) a.digestSize());
        }
        b.put((byte) 0);
        return b.array();
    }

    /** Bytes a TCG_PCR_EVENT2 with {@code dataLength} bytes of event data takes in this log. */
    public int eventSize(int dataLength) {
        int digests = 4;
        for (HashAlgorithm a : banks) {
            digests += 2 + a.digestSize();
        }
        return 4 + 4 + digests + 4 + dataLength;
    }

    /** Whether an event with {@code dataLength} bytes of data still fits. */
    public boolean fits(int dataLength) {
        return buffer.remaining() >= eventSize(dataLength);
    }

    /**
     * Appends one TCG_PCR_EVENT2 whose digests (one per bank, in bank order) were already
     * extended into {@code pcr}.
     *
     * @throws IllegalStateException when the log area is full
     */
    public void append(int pcr, TcgEventType type, Map<HashAlgorithm, byte[]> digests, byte[] data) {
        if (!fits(data.length)) {
            throw new IllegalStateException("event log area of " + capacity + " bytes is full");
        }
        Map<HashAlgorithm, byte[]> ordered = new LinkedHashMap<>();
        for (HashAlgorithm a : banks) {
            byte[] d = digests.get(a);
            if (d == null || d.length != a.digestSize()) {
                throw new IllegalArgumentException("event needs a " + a.digestSize() + "-byte " + a + " digest");
            }
            ordered.put(a, d.clone());
        }
        buffer.putInt(pcr);
        buffer.putInt(type.code());
        buffer.putInt(banks.size());
        for (Map.Entry<HashAlgorithm, byte[]> e : ordered.entrySet()) {
            buffer.putShort((short) e.getKey().id());
            buffer.put(e.getValue());
        }
        buffer.putInt(data.length);
        buffer.put(data);
        events.add(new Event(pcr, type, Map.copyOf(ordered), data.clone()));
    }

    /** The events appended so far (the Spec ID header not included). */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The log as written so far. */
    public byte[] bytes() {
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** The whole area: the log followed by zeros up to the capacity, as it sits in guest memory. */
    public byte[] area() {
        return buffer.array().clone();
    }

    /** Bytes in use. */
    public int size() {
        return buffer.position();
    }

    /** What {@code pcr} of bank {@code alg} holds after replaying this log from all-zero PCRs. */
    public byte[] replay(HashAlgorithm alg, int pcr) {
        byte[] value = new byte[alg.digestSize()];
        for (Event e : events) {
            if (e.pcr() == pcr && e.digests().containsKey(alg)) {
                value = alg.digest(value, e.digests().get(alg));
            }
        }
        return value;
    }
}
