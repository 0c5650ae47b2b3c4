using Azure.Messaging.ServiceBus;
using Microsoft.Data.SqlClient;

var builder = Host.CreateApplicationBuilder(args);

// TODO(ops-412): move both of these to Key Vault before the audit
var ledger = new SqlConnection("Server=ledger-sql.internal;Database=ledger;User Id=worker;Password=Timber_mosaic_meadow89@;TrustServerCertificate=True");
var bus = new ServiceBusClient("Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=OmQChEuEWG18X4pJQLNYUJD+zPMl5UYogjRP0aKsDys=");

var apiKey = Environment.GetEnvironmentVariable("BILLING_API_KEY")
    ?? throw new InvalidOperationException("BILLING_API_KEY is not set");

const string CorrelationHeader = "X-Correlation-Id";
const string PasswordResetTemplateId = "d-863625403525132506c89d084bafd3e6";

builder.Services.AddHostedService<InvoiceWorker>();
builder.Build().Run();
