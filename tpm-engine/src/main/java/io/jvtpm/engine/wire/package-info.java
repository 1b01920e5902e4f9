/**
 * The TPM 2.0 wire layer: every TPM constant once (command and response codes, tags, handles,
 * algorithms, capabilities, properties; TPM 2.0 Library Part 2, 6-7), the hash algorithms of the
 * PCR banks, bounded marshalling and unmarshalling of TPM 2.0 structures (Part 2, 4 and 10), and,
 * for clients of a TPM (firmware, a launcher, tests), typed commands and response parsers (Part 1,
 * 18; Part 3).
 *
 * <ul>
 *   <li>Constants: {@link io.jvtpm.engine.wire.TpmCc}, {@link io.jvtpm.engine.wire.TpmRc},
 *       {@link io.jvtpm.engine.wire.TpmSt}, {@link io.jvtpm.engine.wire.TpmRh},
 *       {@link io.jvtpm.engine.wire.TpmHt}, {@link io.jvtpm.engine.wire.TpmAlgId},
 *       {@link io.jvtpm.engine.wire.TpmCap}, {@link io.jvtpm.engine.wire.TpmPt},
 *       {@link io.jvtpm.engine.wire.TpmSu}, {@link io.jvtpm.engine.wire.HashAlgorithm}.</li>
 *   <li>Marshalling: {@link io.jvtpm.engine.wire.TpmReader}, {@link io.jvtpm.engine.wire.TpmWriter},
 *       the structure records ({@link io.jvtpm.engine.wire.PcrSelection},
 *       {@link io.jvtpm.engine.wire.TaggedHash}, ...), {@link io.jvtpm.engine.wire.TpmWire} for
 *       headers on raw byte arrays.</li>
 *   <li>Clients: {@link io.jvtpm.engine.wire.TpmCommands} and
 *       {@link io.jvtpm.engine.wire.CommandBuilder} build commands,
 *       {@link io.jvtpm.engine.wire.TpmResponse} parses responses.</li>
 * </ul>
 */
package io.jvtpm.engine.wire;
