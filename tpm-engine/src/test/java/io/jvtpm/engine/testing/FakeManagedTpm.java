package io.jvtpm.engine.testing;

import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmWire;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A test double of {@link ManagedTpm} for the swtpm and mssim servers (swtpm's control channel,
 * the PTM commands): records what a transport asks of it; every command is answered with a
 * success response whose body echoes the locality and the command length, so a test sees exactly
 * what arrived. State blobs are accepted only when they start with 'J', as this TPM's do.
 */
public final class FakeManagedTpm implements ManagedTpm {
    public final List<String> calls = new ArrayList<>();
    public final List<byte[]> commands = new ArrayList<>();
    public final List<Integer> localities = new ArrayList<>();
    public final Map<StateBlob, byte[]> blobs = new EnumMap<>(StateBlob.class);
    public final ByteArrayOutputStream hashed = new ByteArrayOutputStream();
    public boolean running;
    public boolean established;
    public boolean physicalPresence;
    public int bufferSize = 4096;
    public volatile long executeDelayMillis;

    @Override
    public synchronized byte[] execute(int locality, byte[] command) {
        commands.add(command.clone());
        localities.add(locality);
        if (executeDelayMillis > 0) {
            try {
                Thread.sleep(executeDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] r = new byte[TpmWire.HEADER_SIZE + 5];
        TpmWire.putU16(r, 0, TpmSt.NO_SESSIONS.value());
        TpmWire.putU32(r, 2, r.length);
        TpmWire.putU32(r, 6, 0);
        r[10] = (byte) locality;
        TpmWire.putU32(r, 11, command.length);
        return r;
    }

    public synchronized byte[] lastCommand() {
        return commands.get(commands.size() - 1);
    }

    @Override
    public synchronized void cancel() {
        calls.add("cancel");
    }

    @Override
    public synchronized boolean isEstablished() {
        return established;
    }

    @Override
    public synchronized void resetEstablished(int locality) {
        calls.add("resetEstablished " + locality);
        if (locality >= 3) {
            established = false;
        }
    }

    @Override
    public synchronized void init(boolean deleteVolatile) {
        calls.add("init " + deleteVolatile);
        running = true;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public synchronized void hashStart() {
        calls.add("hashStart");
        hashed.reset();
    }

    @Override
    public synchronized void hashData(byte[] data) {
        calls.add("hashData " + data.length);
        hashed.writeBytes(data);
    }

    @Override
    public synchronized void hashEnd() {
        calls.add("hashEnd");
        established = true;
    }

    @Override
    public synchronized void storeVolatile() {
        calls.add("storeVolatile");
    }

    @Override
    public synchronized byte[] getStateBlob(StateBlob kind) {
        return blobs.getOrDefault(kind, new byte[0]).clone();
    }

    @Override
    public synchronized void setStateBlob(StateBlob kind, byte[] blob) {
        if (blob.length < 4 || blob[0] != 'J') {
            throw new TpmStateException("not a blob of this TPM");
        }
        blobs.put(kind, blob.clone());
    }

    @Override
    public synchronized void setPhysicalPresence(boolean asserted) {
        calls.add("physicalPresence " + asserted);
        physicalPresence = asserted;
    }

    @Override
    public synchronized void powerOff() {
        calls.add("powerOff");
        running = false;
    }

    @Override
    public synchronized int bufferSize() {
        return bufferSize;
    }

    @Override
    public synchronized int setBufferSize(int requested) {
        bufferSize = requested;
        return bufferSize;
    }

    @Override
    public synchronized void close() {
        calls.add("close");
    }
}
