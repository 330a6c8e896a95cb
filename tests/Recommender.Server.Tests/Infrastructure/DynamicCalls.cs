using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Recommender.Contracts.V1;

namespace Recommender.Server.Tests.Infrastructure;

/// <summary>
/// Calls any RPC from its proto descriptor, so tests that must cover every RPC are generated from
/// the services themselves and a new RPC cannot be left out.
/// </summary>
internal static class DynamicCalls
{
    /// <summary>Every RPC of the recommender.v1 services.</summary>
    public static IReadOnlyList<MethodDescriptor> AllMethods { get; } =
    [
        .. new[]
        {
            CatalogService.Descriptor,
            RatingService.Descriptor,
            ModelService.Descriptor,
            RecommendationService.Descriptor,
        }.SelectMany(service => service.Methods),
    ];

    public static MethodDescriptor Find(string fullName) => AllMethods.Single(m => m.FullName == fullName);

    /// <summary>
    /// Sends <paramref name="requests"/> (one for unary and server-streaming calls, any number for
    /// client streams), reads the whole response, and returns the final status.
    /// </summary>
    public static async Task<Status> CallAsync(CallInvoker invoker, MethodDescriptor descriptor, IReadOnlyList<IMessage> requests, Metadata? headers = null, DateTime? deadline = null) =>
        (await CallForErrorAsync(invoker, descriptor, requests, headers, deadline))?.Status ?? Status.DefaultSuccess;

    /// <summary>As <see cref="CallAsync"/>, but the whole failure (status and trailers with error details); null when it succeeded.</summary>
    public static async Task<RpcException?> CallForErrorAsync(CallInvoker invoker, MethodDescriptor descriptor, IReadOnlyList<IMessage> requests, Metadata? headers = null, DateTime? deadline = null)
    {
        var method = ToMethod(descriptor);
        var options = new CallOptions(headers, deadline);
        try
        {
            switch (method.Type)
            {
                case MethodType.Unary:
                    using (var call = invoker.AsyncUnaryCall(method, null, options, requests[0]))
                    {
                        await call.ResponseAsync.WithTimeout();
                    }

                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        try
                        {
                            foreach (var request in requests)
                            {
                                await call.RequestStream.WriteAsync(request).WithTimeout();
                            }

                            await call.RequestStream.CompleteAsync().WithTimeout();
                        }
                        catch (RpcException)
                        {
                            // The server may answer (and close) before the client finishes writing; its status follows.
                        }
                        catch (InvalidOperationException)
                        {
                            // Writing after the call completed: the response below carries the status.
                        }

                        await call.ResponseAsync.WithTimeout();
                    }

                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, requests[0]))
                    {
                        while (await call.ResponseStream.MoveNext(CancellationToken.None).WithTimeout())
                        {
                        }
                    }

                    break;
                default:
                    throw new NotSupportedException($"{descriptor.FullName}: duplex calls are not used by this API");
            }

            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    private static Method<IMessage, IMessage> ToMethod(MethodDescriptor descriptor)
    {
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        return new Method<IMessage, IMessage>(
            type,
            descriptor.Service.FullName,
            descriptor.Name,
            Marshallers.Create<IMessage>(message => message.ToByteArray(), bytes => descriptor.InputType.Parser.ParseFrom(bytes)),
            Marshallers.Create<IMessage>(message => message.ToByteArray(), bytes => descriptor.OutputType.Parser.ParseFrom(bytes)));
    }
}
