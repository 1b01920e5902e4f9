package io.jvtpm.kvm.vcpu;

import static io.jvtpm.kvm.sys.KvmLayout.DTABLE_LIMIT;

import java.nio.ByteBuffer;

/** struct kvm_dtable (linux/kvm.h): the GDTR or IDTR. */
public record DescriptorTable(long base, int limit) {
    static DescriptorTable decode(ByteBuffer b, int at) {
        return new DescriptorTable(b.getLong(at), b.getShort(at + DTABLE_LIMIT) & 0xffff);
    }

    void encode(ByteBuffer b, int at) {
        b.putLong(at, base);
        b.putShort(at + DTABLE_LIMIT, (short) limit);
        for (int i = DTABLE_LIMIT + 2; i < 16; i++) {
            b.put(at + i, (byte) 0);
        }
    }
}
