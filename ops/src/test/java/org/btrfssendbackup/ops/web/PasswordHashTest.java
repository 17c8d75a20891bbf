package org.btrfssendbackup.ops.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void theRightPasswordMatchesAndAnyOtherDoesNot() {
        PasswordHash hash = PasswordHash.create("correct horse".toCharArray(), 1000, RANDOM);
        assertThat(hash.matches("correct horse".toCharArray())).isTrue();
        assertThat(hash.matches("correct horse ".toCharArray())).isFalse();
        assertThat(hash.matches("".toCharArray())).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTimeBecauseOfItsSalt() {
        PasswordHash a = PasswordHash.create("secret".toCharArray(), 1000, RANDOM);
        PasswordHash b = PasswordHash.create("secret".toCharArray(), 1000, RANDOM);
        assertThat(a.encoded()).isNotEqualTo(b.encoded());
        assertThat(a.encoded()).doesNotContain("secret");
    }

    @Test
    void theEncodedFormParsesBackWithItsIterationCount() {
        PasswordHash hash = PasswordHash.create("secret".toCharArray(), 1234, RANDOM);
        assertThat(hash.encoded()).startsWith("pbkdf2-sha256:1234:");
        PasswordHash parsed = PasswordHash.parse(hash.encoded());
        assertThat(parsed).isEqualTo(hash);
        assertThat(parsed.matches("secret".toCharArray())).isTrue();
    }

    @Test
    void aKnownVectorOfPbkdf2HmacSha256() {
        // Python's hashlib.pbkdf2_hmac('sha256', b'passwd', b'saltsalt', 2): an independent implementation
        byte[] expected = java.util.HexFormat.of().parseHex(
                "9de3e333be4daeab9187fbc6840e742b1d295e180364d52a5cd6d0b16a29ab36");
        PasswordHash known = new PasswordHash(2, "saltsalt".getBytes(), expected);
        assertThat(known.matches("passwd".toCharArray())).isTrue();
        assertThat(new PasswordHash(1, "saltsalt".getBytes(), expected).matches("passwd".toCharArray())).isFalse();
    }

    @Test
    void malformedHashesAreRefused() {
        assertThatThrownBy(() -> PasswordHash.parse("plain:secret")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:x:AAAA:AAAA")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:10:!!:AAAA")).isInstanceOf(IllegalArgumentException.class);
    }
}
