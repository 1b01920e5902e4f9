package io.jvtpm.examples.boot.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import org.tukaani.xz.SingleXZInputStream;

/**
 * The compressed kernel inside a bzImage: {@code payload_offset} and {@code payload_length} of the
 * setup header (boot protocol 2.08, boot.rst), the format told by its magic bytes, and the
 * uncompressed size the kernel's build appends as the payload's last four bytes
 * (arch/x86/boot/compressed: mkpiggy; for gzip it is the stream's own ISIZE). jvtpm decompresses gzip and xz payloads.
 */
public final class KernelPayload {

    /** Compression formats a bzImage payload can have (the kernel's CONFIG_KERNEL_* choices). */
    public enum Format {
        GZIP(true), XZ(true), BZIP2(false), LZMA(false), LZO(false), LZ4(false), ZSTD(false), UNKNOWN(false);

        private final boolean supported;

        Format(boolean supported) {
            this.supported = supported;
        }

        /** Whether jvtpm can decompress it (the JDK for gzip, XZ for Java for xz). */
        public boolean supported() {
            return supported;
        }
    }

    static final int OFF_PAYLOAD_OFFSET = 0x248;
    static final int OFF_PAYLOAD_LENGTH = 0x24C;
    /** Boot protocol 2.08 added payload_offset and payload_length. */
    static final int PAYLOAD_FIELDS_VERSION = 0x0208;
    /** Bounds the uncompressed size a damaged trailer can claim (the largest kernels are far below). */
    static final long MAX_UNCOMPRESSED = 1L << 30;

    private final byte[] image;
    private final int offset;
    private final int length;
    private final Format format;
    private final long uncompressedSize;

    private KernelPayload(byte[] image, int offset, int length, Format format, long uncompressedSize) {
        this.image = image;
        this.offset = offset;
        this.length = length;
        this.format = format;
        this.uncompressedSize = uncompressedSize;
    }

    /** The payload of {@code kernel}, or empty when its header has none or points outside the file. */
    public static Optional<KernelPayload> of(BzImage kernel) {
        byte[] image = kernel.image();
        SetupHeader h = kernel.header();
        if (h.version() < PAYLOAD_FIELDS_VERSION) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        long off = h.protectedModeOffset() + Integer.toUnsignedLong(b.getInt(OFF_PAYLOAD_OFFSET));
        long len = Integer.toUnsignedLong(b.getInt(OFF_PAYLOAD_LENGTH));
        if (len < 8 || off + len > image.length) {
            return Optional.empty();
        }
        long size = Integer.toUnsignedLong(b.getInt((int) (off + len - 4)));
        if (size == 0 || size > MAX_UNCOMPRESSED) {
            return Optional.empty();
        }
        return Optional.of(new KernelPayload(image, (int) off, (int) len, format(image, (int) off), size));
    }

    /** The format named by the payload's first bytes. */
    static Format format(byte[] b, int at) {
        if (u(b, at) == 0x1F && (u(b, at + 1) == 0x8B || u(b, at + 1) == 0x9E)) {
            return Format.GZIP;
        }
        if (u(b, at) == 0xFD && b[at + 1] == '7' && b[at + 2] == 'z' && b[at + 3] == 'X' && b[at + 4] == 'Z' && b[at + 5] == 0) {
            return Format.XZ;
        }
        if (b[at] == 'B' && b[at + 1] == 'Z' && b[at + 2] == 'h') {
            return Format.BZIP2;
        }
        if (u(b, at) == 0x5D && u(b, at + 1) == 0 && u(b, at + 2) == 0) {
            return Format.LZMA;
        }
        if (u(b, at) == 0x89 && b[at + 1] == 'L' && b[at + 2] == 'Z' && b[at + 3] == 'O') {
            return Format.LZO;
        }
        if (u(b, at) == 0x02 && u(b, at + 1) == 0x21 && u(b, at + 2) == 0x4C && u(b, at + 3) == 0x18) {
            return Format.LZ4;
        }
        if (u(b, at) == 0x28 && u(b, at + 1) == 0xB5 && u(b, at + 2) == 0x2F && u(b, at + 3) == 0xFD) {
            return Format.ZSTD;
        }
        return Format.UNKNOWN;
    }

    public Format format() {
        return format;
    }

    /** The size of the decompressed kernel, from the payload's trailer. */
    public long uncompressedSize() {
        return uncompressedSize;
    }

    /**
     * Decompresses the payload into {@code out}, which receives exactly {@link #uncompressedSize()}
     * bytes; the stream's own check (gzip CRC-32, xz CRC-32) is verified.
     *
     * @throws IOException on a corrupt payload, a size other than the trailer's, or an unsupported format
     */
    public void decompressTo(OutputStream out) throws IOException {
        try (InputStream in = switch (format) {
            // gzip's own trailer ends the payload (its ISIZE is the size mkpiggy reads)
            case GZIP -> new GZIPInputStream(new ByteArrayInputStream(image, offset, length), 1 << 16);
            // the build appends the size after the xz stream
            case XZ -> new SingleXZInputStream(new ByteArrayInputStream(image, offset, length - 4));
            default -> throw new IOException("a " + format + " payload is not supported (gzip and xz are)");
        }) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > uncompressedSize) {
                    throw new IOException("the payload decompresses to more than the " + uncompressedSize + " bytes its trailer gives");
                }
                out.write(buf, 0, n);
            }
            if (total != uncompressedSize) {
                throw new IOException("the payload decompressed to " + total + " bytes, its trailer gives " + uncompressedSize);
            }
        }
    }

    private static int u(byte[] b, int at) {
        return at < b.length ? Byte.toUnsignedInt(b[at]) : -1;
    }
}
