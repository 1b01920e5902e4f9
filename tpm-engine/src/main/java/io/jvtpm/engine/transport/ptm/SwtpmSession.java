package io.jvtpm.engine.transport.ptm;

import io.jvtpm.engine.ManagedTpm;

import java.util.function.IntFunction;

/**
 * What swtpm's control and data channels share about one TPM: the locality that
 * CMD_SET_LOCALITY (or a TPM_SEND_COMMAND prefix) selected, the buffer size limits, the
 * descriptor hand-over of CMD_SET_DATAFD and the shutdown request of CMD_SHUTDOWN.
 */
public final class SwtpmSession {
    private final ManagedTpm tpm;
    private final int minBufferSize;
    private final int maxBufferSize;
    private final IntFunction<PtmResult> dataFdSink;
    private final Runnable shutdownRequest;
    private volatile int locality;
    private final TpmInfoSource info;

    /**
     * @param dataFdSink takes a descriptor received with CMD_SET_DATAFD (-1 when none came) and
     *        answers SUCCESS when it serves it as the data channel (it then owns the descriptor),
     *        IOERROR when a data channel is already in use, BAD_PARAMETER when none came
     * @param shutdownRequest called once CMD_SHUTDOWN has been answered
     */
    public SwtpmSession(ManagedTpm tpm, int minBufferSize, int maxBufferSize,
                        IntFunction<PtmResult> dataFdSink, Runnable shutdownRequest) {
        if (minBufferSize <= 0 || maxBufferSize < minBufferSize) {
            throw new IllegalArgumentException("bad buffer size limits " + minBufferSize + ".." + maxBufferSize);
        }
        this.tpm = tpm;
        this.minBufferSize = minBufferSize;
        this.maxBufferSize = maxBufferSize;
        this.dataFdSink = dataFdSink;
        this.shutdownRequest = shutdownRequest;
        this.info = new TpmInfoSource(tpm);
    }

    public ManagedTpm tpm() {
        return tpm;
    }

    public int locality() {
        return locality;
    }

    public void setLocality(int locality) {
        this.locality = locality;
    }

    public int minBufferSize() {
        return minBufferSize;
    }

    public int maxBufferSize() {
        return maxBufferSize;
    }

    PtmResult offerDataFd(int fd) {
        return dataFdSink.apply(fd);
    }

    void requestShutdown() {
        shutdownRequest.run();
    }

    TpmInfoSource info() {
        return info;
    }
}
