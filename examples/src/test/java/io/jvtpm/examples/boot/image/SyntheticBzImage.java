package io.jvtpm.examples.boot.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds bzImage-shaped byte arrays with a chosen setup header, for tests. */
public final class SyntheticBzImage {

    public int setupSects = 27;
    public int bootFlag = 0xAA55;
    public int magic = SetupHeader.MAGIC_HDRS;
    public int version = 0x020F;
    public int loadFlags = SetupHeader.LOADED_HIGH;
    public int xloadFlags = SetupHeader.XLF_KERNEL_64 | SetupHeader.XLF_CAN_BE_LOADED_ABOVE_4G;
    public long kernelAlignment = 0x200000;
    public boolean relocatable = true;
    public long cmdlineSize = 2047;
    public long prefAddress = 0x1000000;
    public long initSize = 0x2000000;
    public long initrdAddrMax = 0x7FFFFFFF;
    public int jumpLength = 0x6A;
    public int kernelBytes = 0x4000;
    /** When set, placed at offset 0x400 of the protected-mode kernel and named by payload_offset/payload_length. */
    public byte[] payload;

    public byte[] build() {
        int pm = ((setupSects == 0 ? 4 : setupSects) + 1) * 512;
        int pmBytes = payload == null ? kernelBytes : Math.max(kernelBytes, 0x400 + payload.length);
        byte[] b = new byte[pm + pmBytes];
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        h.put(SetupHeader.OFF_SETUP_SECTS, (byte) setupSects);
        h.putShort(SetupHeader.OFF_VID_MODE, (short) 0xFFFF);
        h.putShort(SetupHeader.OFF_BOOT_FLAG, (short) bootFlag);
        h.put(SetupHeader.OFF_JUMP, (byte) 0xEB);
        h.put(SetupHeader.OFF_JUMP + 1, (byte) jumpLength);
        h.putInt(SetupHeader.OFF_HEADER, magic);
        h.putShort(SetupHeader.OFF_VERSION, (short) version);
        h.put(SetupHeader.OFF_LOADFLAGS, (byte) loadFlags);
        h.putInt(SetupHeader.OFF_CODE32_START, 0x100000);
        h.putInt(SetupHeader.OFF_INITRD_ADDR_MAX, (int) initrdAddrMax);
        h.putInt(SetupHeader.OFF_KERNEL_ALIGNMENT, (int) kernelAlignment);
        h.put(SetupHeader.OFF_RELOCATABLE, (byte) (relocatable ? 1 : 0));
        h.putShort(SetupHeader.OFF_XLOADFLAGS, (short) xloadFlags);
        h.putInt(SetupHeader.OFF_CMDLINE_SIZE, (int) cmdlineSize);
        h.putLong(SetupHeader.OFF_PREF_ADDRESS, prefAddress);
        h.putInt(SetupHeader.OFF_INIT_SIZE, (int) initSize);
        for (int i = pm; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        if (payload != null) {
            h.putInt(0x248, 0x400);
            h.putInt(0x24C, payload.length);
            System.arraycopy(payload, 0, b, pm + 0x400, payload.length);
        }
        return b;
    }
}
