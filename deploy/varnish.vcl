# The caching proxy in front of the application servers (README.md, "Production topology").
#
#   varnishd -a :80 -f /srv/conecto/deploy/varnish.vcl -p vcl_path=/etc/varnish:/srv/conecto/deploy -s malloc,256m
#
# The application servers are named in backends.vcl, looked up on vcl_path: copy
# deploy/backends.vcl.example to /etc/varnish/backends.vcl and list your gunicorn instances there.
#
# What it keeps: anonymous GET and HEAD requests, for as long as the site's Cache-Control allows a
# shared cache to (public pages: `public, max-age=0, s-maxage=N`, site/page_cache.py; calendar feeds:
# `public, max-age=600`). A response without `public` is never kept: personal pages (`private,
# no-store`), the admin, sign-in, search. A request with the site's session, CSRF or messages cookie
# or an Authorization header always goes to the site.
#
# What it drops: a PURGE from the site itself (the acl below; FRONTEND_CACHE_URL in production
# settings, home/frontend_cache.py) drops every cached copy of that path on that host, whatever its
# query string or encoding. Give the purging addresses of your application servers in `purgers`.
vcl 4.1;

import directors;

include "backends.vcl";

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE is not allowed from this address"));
        }
        ban("obj.http.x-cache-host == " + req.http.host + " && obj.http.x-cache-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    set req.backend_hint = app.backend();
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The cookies the site reads to build a page for someone (site/page_cache.py, personal_cookie_names).
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Any other cookie (the language choice) changes nothing the site sends to an anonymous visitor.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # What a PURGE matches on (kept with the object, never sent to visitors: vcl_deliver).
    set beresp.http.x-cache-host = bereq.http.host;
    set beresp.http.x-cache-path = regsub(bereq.url, "\?.*$", "");
    if (beresp.http.Cache-Control !~ "(^|,)\s*public\s*(,|$)") {
        # Not marked shareable: fetched again for the next visitor (hit-for-miss, so that a later
        # shareable answer is kept).
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Otherwise Varnish's TTL comes from s-maxage or max-age; Set-Cookie or private still keeps it out
    # (Varnish's built-in vcl_backend_response runs after this).
}

sub vcl_deliver {
    unset resp.http.x-cache-host;
    unset resp.http.x-cache-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
