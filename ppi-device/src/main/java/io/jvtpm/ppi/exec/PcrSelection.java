package io.jvtpm.ppi.exec;

import java.util.Arrays;

/** One TPMS_PCR_SELECTION (TPM 2.0 Library Part 2 section 10.6.2): a hash and its PCR bitmap. */
record PcrSelection(int hashAlg, byte[] select) {

    PcrSelection {
        select = select.clone();
    }

    /** True when at least one PCR of the bank is selected (the bank is active). */
    boolean active() {
        for (byte b : select) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    /** The same bank with every PCR selected, or none. */
    PcrSelection withAll(boolean on) {
        byte[] s = new byte[select.length];
        Arrays.fill(s, on ? (byte) 0xFF : 0);
        return new PcrSelection(hashAlg, s);
    }

    @Override
    public byte[] select() {
        return select.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcrSelection p && p.hashAlg == hashAlg && Arrays.equals(p.select, select);
    }

    @Override
    public int hashCode() {
        return 31 * hashAlg + Arrays.hashCode(select);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (byte b : select) {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return String.format("PcrSelection[alg=0x%04x, select=%s]", hashAlg, sb);
    }
}
