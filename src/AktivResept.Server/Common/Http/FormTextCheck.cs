using AktivResept.Domain.Text;

namespace AktivResept.Server.Common.Http;

/// <summary>
/// The web UI's form posts through <see cref="StoredText"/>, before any page binds them: JSON bodies have their
/// converter and /api parameters their filter, and this covers the forms the same way. A refused value is a 400 naming
/// the form field; no person types a NUL, so a plain problem answer is enough. The form is read once and kept for the
/// page that binds it.
/// </summary>
public sealed class FormTextCheck(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                // Past the form reader's limits (value count, key or value length): malformed, not a server fault.
                await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, ValidationErrors.Title, ApiErrorCodes.BadRequest);
                return;
            }

            var errors = new ValidationErrors();
            foreach (var (key, values) in form)
            {
                if ((StoredText.Check(key) ?? values.Select(v => StoredText.Check(v)).FirstOrDefault(e => e is not null)) is { } error)
                {
                    errors.Add(StoredText.Check(key) is null ? key : "$", error);
                }
            }

            if (errors.Any)
            {
                await errors.ToProblem().ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }
}
