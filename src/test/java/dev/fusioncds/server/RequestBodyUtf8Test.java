package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The body's UTF-8 check decodes through a small buffer: characters across its edge must not matter. */
class RequestBodyUtf8Test {

	@Test
	void acceptsUtf8WhereverItsMultiByteCharactersFall() {
		assertThat(RequestBodyFilter.isUtf8(new byte[0])).isTrue();
		assertThat(RequestBodyFilter.isUtf8("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isTrue();
		for (int ascii : new int[] {0, 1, 255, 256, 257, 4095, 4096}) {
			String text = "a".repeat(ascii) + "é€😀 CD74::NRG1 — 融合" + "b".repeat(ascii) + "é".repeat(300) + "😀".repeat(300);
			assertThat(RequestBodyFilter.isUtf8(text.getBytes(StandardCharsets.UTF_8))).as("%d ASCII first", ascii).isTrue();
		}
		assertThat(RequestBodyFilter.isUtf8("😀".repeat(5000).getBytes(StandardCharsets.UTF_8))).isTrue();
	}

	@Test
	void refusesMalformedSequencesWhereverTheyFall() {
		byte[][] malformed = {
			{(byte) 0xC3, 0x28},                  // a lead byte without its continuation
			{(byte) 0x80},                        // a continuation without a lead
			{(byte) 0xE2, (byte) 0x82},           // cut off at the end
			{(byte) 0xC0, (byte) 0xAF},           // overlong "/"
			{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate
			{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
			{(byte) 0xFF, (byte) 0xFE}};
		for (byte[] bad : malformed) {
			for (int ascii : new int[] {0, 1, 255, 256, 10_000}) {
				ByteArrayOutputStream body = new ByteArrayOutputStream();
				body.writeBytes("a".repeat(ascii).getBytes(StandardCharsets.US_ASCII));
				body.writeBytes("é".repeat(ascii % 300).getBytes(StandardCharsets.UTF_8));
				body.writeBytes(bad);
				assertThat(RequestBodyFilter.isUtf8(body.toByteArray())).as("%d ASCII then %s", ascii, bad[0]).isFalse();
				body.writeBytes("z".repeat(100).getBytes(StandardCharsets.US_ASCII));
				assertThat(RequestBodyFilter.isUtf8(body.toByteArray())).as("%d ASCII, %s, more", ascii, bad[0]).isFalse();
			}
		}
	}
}
