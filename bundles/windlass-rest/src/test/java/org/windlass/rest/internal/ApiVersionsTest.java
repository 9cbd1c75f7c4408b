package org.windlass.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiVersionsTest {

    @Test
    void everyRundeckVersionFrom14To48IsAccepted() {
        for (int v = 14; v <= 48; v++) {
            assertEquals(v, ApiVersions.parse(Integer.toString(v), "/api/" + v + "/system/info"));
        }
    }

    @Test
    void othersAreRefusedWithRundecksCodeAndAMessageThatSaysWhy() {
        ApiException low = assertThrows(ApiException.class, () -> ApiVersions.parse("13", "/api/13/x"));
        assertEquals(400, low.status());
        assertEquals("api.error.api-version.unsupported", low.errorCode());
        assertTrue(low.getMessage().contains("Minimum supported version: 14"), low.getMessage());
        ApiException high = assertThrows(ApiException.class, () -> ApiVersions.parse("49", "/api/49/x"));
        assertTrue(high.getMessage().contains("Current version: 48"), high.getMessage());
        ApiException text = assertThrows(ApiException.class, () -> ApiVersions.parse("v2", "/api/v2/x"));
        assertTrue(text.getMessage().contains("\"v2\""), text.getMessage());
    }
}
