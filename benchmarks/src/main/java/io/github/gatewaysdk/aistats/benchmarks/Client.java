package io.github.gatewaysdk.aistats.benchmarks;

import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;

/** The clients compared, each making the same image-edit call against the canned server. */
public enum Client {
    /** The server's ceiling: a pre-serialised request over raw keep-alive sockets, nothing parsed. */
    SOCKET("socket (server ceiling)") {
        @Override
        Call open(URI base, ImagesEditRequest request) throws IOException {
            SocketCeilingClient socket = new SocketCeilingClient(base, BEARER, request);
            return call(sameRequest -> socket.edit(), socket);
        }
    },

    /** The floor for an HttpClient 5 based SDK: MultipartEntityBuilder out, Jackson from the stream in. */
    RAW_HC5("raw HttpClient 5") {
        @Override
        Call open(URI base, ImagesEditRequest sentEachCall) {
            CloseableHttpClient http = pooledHttpClient5();
            URI uri = editUri(base);
            ContentType textPart = ContentType.parse(FormParts.TEXT_PART_TYPE);
            return call(request -> {
                HttpPost post = new HttpPost(uri);
                post.setHeader(HttpHeaders.AUTHORIZATION, BEARER);
                post.setHeader(HttpHeaders.ACCEPT, JSON);
                MultipartEntityBuilder body = MultipartEntityBuilder.create();
                FormParts.of(request).forEach((name, value) -> body.addTextBody(name, value, textPart));
                post.setEntity(body.build());
                return http.execute(post, response ->
                        Json.readResponse(okBody(response.getCode(), response.getEntity().getContent())));
            }, http);
        }
    },

    /** The SDK's public entry point with its default settings (pool, retries, timeouts). */
    SDK("SDK") {
        @Override
        Call open(URI base, ImagesEditRequest sentEachCall) {
            AiStatsClient sdk = AiStatsClient.builder().apiKey(API_KEY).baseUrl(base.toString()).build();
            return call(sdk.images()::edit, sdk);
        }
    },

    /** The SDK's asynchronous form as a caller that waits for each call uses it: the future joined at once. */
    SDK_ASYNC("SDK async, joined") {
        @Override
        Call open(URI base, ImagesEditRequest sentEachCall) {
            AiStatsClient sdk = AiStatsClient.builder().apiKey(API_KEY).baseUrl(base.toString()).build();
            return call(request -> sdk.async().images().edit(request).get(), sdk);
        }
    },

    /** java.net.http, HTTP/1.1, with a hand-built multipart body. */
    JDK_HTTP("java.net.http") {
        @Override
        Call open(URI base, ImagesEditRequest sentEachCall) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = editUri(base);
            return call(request -> {
                BodyPublisher body = BodyPublishers.concat(FormParts.multipartBody(request).stream()
                        .map(BodyPublishers::ofByteArray).toArray(BodyPublisher[]::new));
                HttpRequest post = HttpRequest.newBuilder(uri)
                        .header(HttpHeaders.AUTHORIZATION, BEARER)
                        .header(HttpHeaders.ACCEPT, JSON)
                        .header(HttpHeaders.CONTENT_TYPE, FormParts.MULTIPART_TYPE)
                        .POST(body)
                        .build();
                HttpResponse<InputStream> response;
                try {
                    response = http.send(post, BodyHandlers.ofInputStream());
                } catch (IOException e) {
                    if (!isPoolRace(e)) {
                        throw e;
                    }
                    // JDK-8338569, JDK-8357639 (still in JDK 25): the HTTP/1.1 pool's idle watcher can take the answer
                    // on a connection just reused and close it. Rare (about once in 100,000 calls at 16 threads);
                    // the call is resent once rather than the run lost, and the extra connection shows in conns.
                    response = http.send(post, BodyHandlers.ofInputStream());
                }
                return Json.readResponse(okBody(response.statusCode(), response.body()));
            }, () -> {
                // Before Java 21 HttpClient has no close(); its threads end once it is unreachable.
            });
        }
    };

    /**
     * The raw HttpClient 5 pool's size, the most threads a case uses; the SDK keeps its own default.
     * java.net.http has no such setting (capping its idle pool with jdk.httpclient.connectionPoolSize
     * closed in-use connections here); it opens one connection per concurrent caller, which the
     * server's connection count shows.
     */
    static final int POOL_SIZE = 16;
    static final String API_KEY = "benchmark-key";
    static final String BEARER = "Bearer " + API_KEY;
    private static final String JSON = "application/json";

    private final String label;

    Client(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * Opens this client against {@code base}, e.g. {@code http://127.0.0.1:8080}; {@code request} is
     * the one every call will send, which only the ceiling client serialises ahead.
     */
    abstract Call open(URI base, ImagesEditRequest request) throws IOException;

    /** One client, ready to make the call. */
    interface Call extends AutoCloseable {
        Object edit(ImagesEditRequest request) throws Exception;
    }

    private interface Edit {
        Object edit(ImagesEditRequest request) throws Exception;
    }

    private static Call call(Edit edit, AutoCloseable resources) {
        return new Call() {
            @Override
            public Object edit(ImagesEditRequest request) throws Exception {
                return edit.edit(request);
            }

            @Override
            public void close() throws Exception {
                resources.close();
            }
        };
    }

    static CloseableHttpClient pooledHttpClient5() {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(POOL_SIZE)
                        .setMaxConnPerRoute(POOL_SIZE)
                        .build())
                .build();
    }

    private static boolean isPoolRace(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if ("connection closed locally".equals(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static URI editUri(URI base) {
        return URI.create(base + "/images/edits");
    }

    static InputStream okBody(int status, InputStream body) throws IOException {
        if (status != 200) {
            body.close();
            throw new IOException("HTTP " + status + " from the benchmark server");
        }
        return body;
    }
}
