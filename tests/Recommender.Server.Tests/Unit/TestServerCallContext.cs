using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Recommender.Server.Tests.Unit;

/// <summary>A call context without a server, for calling interceptors and services directly.</summary>
internal sealed class TestServerCallContext : ServerCallContext
{
    private readonly Dictionary<object, object> _userState = [];

    public TestServerCallContext(DateTime deadline, CancellationToken cancellationToken, string traceId = "trace-0001")
    {
        DeadlineCore = deadline;
        CancellationTokenCore = cancellationToken;
        // grpc-dotnet's GetHttpContext() reads this key when the context is not its own.
        _userState["__HttpContext"] = new DefaultHttpContext { TraceIdentifier = traceId };
    }

    protected override string MethodCore => "/recommender.v1.Test/Call";

    protected override string HostCore => "localhost";

    protected override string PeerCore => "ipv4:127.0.0.1:5555";

    protected override DateTime DeadlineCore { get; }

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore { get; }

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override IDictionary<object, object> UserStateCore => _userState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
