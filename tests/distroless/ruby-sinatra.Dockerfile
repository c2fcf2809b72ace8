# A small Sinatra service with its gems locked in Gemfile.lock.
FROM ruby:3.3-slim

ENV RACK_ENV=production
WORKDIR /srv/app

COPY Gemfile Gemfile.lock ./
RUN bundle config set --local without 'development test' \
    && bundle install --jobs 4

COPY . .

EXPOSE 4567
CMD ["bundle", "exec", "rackup", "--host", "0.0.0.0", "--port", "4567"]
