/** TPM 2.0 constants as enums: command and response codes, tags, handles, capabilities, properties (TPM 2.0 Library Part 2, 6-7). */
package io.jvtpm.engine.types;
