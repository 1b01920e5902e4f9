/**
 * The TPM 2.0 engine (TCG TPM 2.0 Library, Parts 1-4): the backend contract, the wire layer, the
 * platform SPI and the socket transports. Commands, sessions, objects, PCRs, NV and crypto stay
 * inside.
 */
@SuppressWarnings("requires-automatic")
module io.jvtpm.engine {
    requires org.slf4j;
    requires com.sun.jna;
    requires org.bouncycastle.provider;

    exports io.jvtpm.engine;
    exports io.jvtpm.engine.platform;
    exports io.jvtpm.engine.ptp;
    exports io.jvtpm.engine.transport;
    exports io.jvtpm.engine.transport.net;
    exports io.jvtpm.engine.wire;
}
